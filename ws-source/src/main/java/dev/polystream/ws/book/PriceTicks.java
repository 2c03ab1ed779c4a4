package dev.polystream.ws.book;

import java.math.BigDecimal;

/**
 * A price as a whole number of micro-units (price &times; 10<sup>6</sup>, a fixed grid finer than
 * any Polymarket tick size), so the book orders and finds its levels with {@code long} comparisons
 * instead of {@link BigDecimal#compareTo}. A price off that grid (more than six decimals, an
 * exponent, twelve or more integer digits) has no key: {@link #OFF_GRID}, and is compared as a
 * decimal.
 */
final class PriceTicks {

    /** No key: compare the decimals. No on-grid price maps to it (|key| &lt; 10<sup>18</sup>). */
    static final long OFF_GRID = Long.MIN_VALUE;

    static final int SCALE = 6;

    private static final long[] POW10 = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L};

    private PriceTicks() {}

    /** The price in micro-units, or {@link #OFF_GRID}. Exact: equal keys mean equal values. */
    static long of(BigDecimal price) {
        int scale = price.scale();
        if (scale < 0 || scale > SCALE || price.precision() - scale > 12) {
            return OFF_GRID;
        }
        // At most 18 digits: the unscaled value is a long, and times 10^(6 - scale) stays < 10^18.
        return price.scaleByPowerOfTen(scale).longValue() * POW10[SCALE - scale];
    }

    /**
     * {@code unscaled} &times; 10<sup>-scale</sup> without trailing zeros and never with a negative
     * scale: what {@link Decimals#normalize} gives for that value. {@code scale} &ge; 0.
     */
    static BigDecimal normalized(long unscaled, int scale) {
        if (unscaled == 0L) {
            return BigDecimal.ZERO;
        }
        while (scale > 0 && unscaled % 10 == 0) {
            unscaled /= 10;
            scale--;
        }
        return BigDecimal.valueOf(unscaled, scale);
    }
}
