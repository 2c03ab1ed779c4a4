package dev.polystream.gateway.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * A token's latest price as the job wrote it to {@code token_prices}.
 *
 * @param price the displayed price (midpoint, or last trade when the spread is wide); may be null
 * @param bestBid null when the bid side is empty
 * @param bestAsk null when the ask side is empty
 * @param asOf {@code greatest(exchange_ts, confirmed_at)}: when the price was last known current
 * @param age how old {@code asOf} is by the database clock
 */
public record TokenPrice(
        String tokenId,
        BigDecimal price,
        BigDecimal bestBid,
        BigDecimal bestAsk,
        BigDecimal lastTradePrice,
        String source,
        Instant asOf,
        Duration age) {

    public boolean isOlderThan(Duration maxAge) {
        return age == null || age.compareTo(maxAge) > 0;
    }
}
