package dev.polystream.ws.protocol;

import java.math.BigDecimal;

/**
 * {@code best_bid_ask} (custom feature): the token's top of book changed. Prices are null when the
 * wire sent {@code ""} or nothing.
 */
public record BestBidAskEvent(
        String market,
        String assetId,
        BigDecimal bestBid,
        BigDecimal bestAsk,
        BigDecimal spread,
        long timestamp)
        implements MarketEvent {

    public static final String TYPE = "best_bid_ask";

    @Override
    public String eventType() {
        return TYPE;
    }
}
