package dev.polystream.ws.book;

import java.math.BigDecimal;

/** Decimal helpers shared by the book and the price rule. */
public final class Decimals {

    private Decimals() {}

    /**
     * Drops trailing zeros ({@code 0.920} becomes {@code 0.92}, {@code 1.00} becomes {@code 1})
     * without switching to exponent notation for whole numbers. Null stays null.
     */
    public static BigDecimal normalize(BigDecimal value) {
        if (value == null) {
            return null;
        }
        if (value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        int scale = value.scale();
        if (scale > 0 && value.precision() <= 18) {
            // Usually the wire's form already has no trailing zero: keep it, allocate nothing.
            long unscaled = value.scaleByPowerOfTen(scale).longValue();
            if (unscaled % 10 != 0) {
                return value;
            }
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
