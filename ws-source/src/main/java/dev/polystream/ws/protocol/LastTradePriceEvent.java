package dev.polystream.ws.protocol;

import java.math.BigDecimal;

/**
 * {@code last_trade_price}: a maker and a taker order matched.
 *
 * @param side the taker's side; may be null
 * @param feeRateBps may be null
 * @param transactionHash absent before ~2025; may be null
 */
public record LastTradePriceEvent(
        String market,
        String assetId,
        BigDecimal price,
        BigDecimal size,
        Side side,
        BigDecimal feeRateBps,
        long timestamp,
        String transactionHash)
        implements MarketEvent {

    public static final String TYPE = "last_trade_price";

    @Override
    public String eventType() {
        return TYPE;
    }
}
