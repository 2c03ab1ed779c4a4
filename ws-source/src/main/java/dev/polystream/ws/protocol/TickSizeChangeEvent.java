package dev.polystream.ws.protocol;

import java.math.BigDecimal;

/** {@code tick_size_change}: the token's minimum price increment changed. */
public record TickSizeChangeEvent(
        String market,
        String assetId,
        BigDecimal oldTickSize,
        BigDecimal newTickSize,
        long timestamp)
        implements MarketEvent {

    public static final String TYPE = "tick_size_change";

    @Override
    public String eventType() {
        return TYPE;
    }
}
