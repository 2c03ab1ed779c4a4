package dev.polystream.ws.protocol;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Decodes scalar wire text (decimals, epoch millis, sides) straight from a frame's ASCII bytes,
 * without a JSON parser and, where it can, without allocating; also shortens text for error
 * details. Shared by the Jackson path (through {@link ScalarReader}'s ASCII copy), the {@code
 * price_change} fast path and the text cache. A byte outside ASCII is never part of a scalar.
 */
final class ScalarDecoder {

    /**
     * Decimals beyond these bounds are refused: a price like {@code 1e-999999999} is valid
     * BigDecimal syntax, but adding it to {@code 0.5} would allocate a billion digits.
     */
    static final int MAX_DECIMAL_SCALE = 40;

    static final int MAX_DECIMAL_PRECISION = 40;

    private static final int MAX_DETAIL_CHARS = 160;

    private ScalarDecoder() {}

    /** The decimal, or null when the text is not one or lies beyond the bounds. */
    static BigDecimal toDecimal(byte[] ascii, int offset, int length) {
        if (length == 0 || length > 64) {
            return null;
        }
        BigDecimal plain = plainDecimal(ascii, offset, length);
        if (plain != null) {
            return plain;
        }
        for (int i = offset, end = offset + length; i < end; i++) {
            if (ascii[i] < 0) {
                return null;
            }
        }
        try {
            return bounded(
                    new BigDecimal(new String(ascii, offset, length, StandardCharsets.US_ASCII)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The wire's usual form (digits with at most one point, at most 18 digits: {@code 0.52}, {@code
     * 1234.56}) as an unscaled long and a scale, the very value {@code new BigDecimal(text)} gives
     * at a fraction of its cost; null for anything else (signs, exponents, longer), which the
     * constructor then reads. Always within the bounds.
     */
    private static BigDecimal plainDecimal(byte[] ascii, int offset, int length) {
        if (length > 19) {
            return null;
        }
        long unscaled = 0L;
        int digits = 0;
        int point = -1;
        for (int i = offset, end = offset + length; i < end; i++) {
            byte c = ascii[i];
            if (c >= '0' && c <= '9') {
                unscaled = unscaled * 10 + (c - '0');
                digits++;
            } else if (c == '.' && point < 0) {
                point = i;
            } else {
                return null;
            }
        }
        if (digits == 0 || digits > 18) {
            return null;
        }
        return BigDecimal.valueOf(unscaled, point < 0 ? 0 : offset + length - 1 - point);
    }

    /** The value itself, or null when its precision or scale is out of bounds. */
    static BigDecimal bounded(BigDecimal value) {
        if (value.precision() > MAX_DECIMAL_PRECISION
                || Math.abs(value.scale()) > MAX_DECIMAL_SCALE) {
            return null;
        }
        return value;
    }

    /** Non-negative decimal digits only; -1 otherwise (or past 18 digits). */
    static long toLong(byte[] ascii, int offset, int length) {
        if (length == 0 || length > 18) {
            return -1L;
        }
        long value = 0L;
        for (int i = offset, end = offset + length; i < end; i++) {
            byte c = ascii[i];
            if (c < '0' || c > '9') {
                return -1L;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** The wire's exact upper-case forms without allocating; null for anything else. */
    static Side quickSide(byte[] c, int o, int length) {
        if (length == 3 && c[o] == 'B' && c[o + 1] == 'U' && c[o + 2] == 'Y') {
            return Side.BUY;
        }
        if (length == 4 && c[o] == 'S' && c[o + 1] == 'E' && c[o + 2] == 'L' && c[o + 3] == 'L') {
            return Side.SELL;
        }
        return null;
    }

    /** The text, cut to a length fit for a log line or an error detail. */
    static String abbreviate(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() <= MAX_DETAIL_CHARS
                ? text
                : text.substring(0, MAX_DETAIL_CHARS) + "...(" + text.length() + " chars)";
    }
}
