package dev.polystream.ws.protocol;

import java.util.List;

/**
 * {@code price_change}, in any of its three schemas, normalised to a list of {@link PriceChange}
 * entries. Legacy messages carry one token: its id is copied into every entry.
 *
 * @param hash the message-level hash of the legacy schemas; null in the current schema
 */
public record PriceChangeEvent(
        String market,
        long timestamp,
        List<PriceChange> changes,
        PriceChangeSchema schema,
        String hash)
        implements MarketEvent {

    public static final String TYPE = "price_change";

    public PriceChangeEvent {
        changes = List.copyOf(changes);
    }

    @Override
    public String eventType() {
        return TYPE;
    }
}
