package dev.polystream.ws.protocol;

import java.math.BigDecimal;
import java.util.List;

/**
 * {@code new_market} (custom feature): a market was listed. Only the fields a catalogue needs are
 * kept; the rest (description, event_message, fees, ...) are skipped.
 *
 * @param id the Gamma market id
 * @param assetIds token ids in outcome order
 * @param active null when absent
 * @param tickSize {@code order_price_min_tick_size}, may be null
 */
public record NewMarketEvent(
        String id,
        String market,
        String question,
        String slug,
        List<String> assetIds,
        List<String> outcomes,
        List<String> tags,
        Boolean active,
        BigDecimal tickSize,
        String groupItemTitle,
        long timestamp)
        implements MarketEvent {

    public static final String TYPE = "new_market";

    public NewMarketEvent {
        assetIds = List.copyOf(assetIds);
        outcomes = List.copyOf(outcomes);
        tags = List.copyOf(tags);
    }

    @Override
    public String eventType() {
        return TYPE;
    }
}
