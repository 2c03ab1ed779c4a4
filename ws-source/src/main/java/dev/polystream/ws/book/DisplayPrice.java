package dev.polystream.ws.book;

import java.math.BigDecimal;

/**
 * Polymarket's displayed price (§6): the midpoint of best bid and best ask; the last trade price
 * when the spread is wider than 0.10; the last trade price when a side is empty. Exact decimal
 * arithmetic, so a spread of exactly 0.10 shows the midpoint.
 */
public final class DisplayPrice {

    /** Spreads strictly wider than this show the last trade instead of the midpoint. */
    public static final BigDecimal MAX_MIDPOINT_SPREAD = new BigDecimal("0.10");

    private static final BigDecimal HALF = new BigDecimal("0.5");

    /** {@link #MAX_MIDPOINT_SPREAD} in {@link PriceTicks} micro-units. */
    private static final long MAX_MIDPOINT_SPREAD_TICKS = 100_000L;

    /** Prices below 10<sup>6</sup> (keys below 10<sup>12</sup>) take the exact long arithmetic. */
    private static final long MAX_FAST_TICKS = 1_000_000_000_000L;

    private DisplayPrice() {}

    /**
     * @return the displayed price without trailing zeros, or null when it falls back to an unknown
     *     last trade
     */
    public static BigDecimal of(BigDecimal bestBid, BigDecimal bestAsk, BigDecimal lastTrade) {
        if (bestBid == null || bestAsk == null) {
            return Decimals.normalize(lastTrade);
        }
        long bid = PriceTicks.of(bestBid);
        long ask = PriceTicks.of(bestAsk);
        if (bid != PriceTicks.OFF_GRID
                && ask != PriceTicks.OFF_GRID
                && Math.abs(bid) < MAX_FAST_TICKS
                && Math.abs(ask) < MAX_FAST_TICKS) {
            // Both on the micro grid and small: exact in longs.
            if (ask - bid > MAX_MIDPOINT_SPREAD_TICKS) {
                return Decimals.normalize(lastTrade);
            }
            long sum = bid + ask;
            return (sum & 1L) == 0L
                    ? PriceTicks.normalized(sum / 2, PriceTicks.SCALE)
                    : PriceTicks.normalized(sum * 5, PriceTicks.SCALE + 1);
        }
        if (bestAsk.subtract(bestBid).compareTo(MAX_MIDPOINT_SPREAD) > 0) {
            return Decimals.normalize(lastTrade);
        }
        // Halving is exact: times 0.5 is the same value as the exact divide by 2, and far cheaper.
        return Decimals.normalize(bestBid.add(bestAsk).multiply(HALF));
    }
}
