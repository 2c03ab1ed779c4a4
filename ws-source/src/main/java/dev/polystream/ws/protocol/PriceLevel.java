package dev.polystream.ws.protocol;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One level of a book as sent on the wire. The decimals keep the scale of the wire string ({@code
 * "0.920"} stays {@code 0.920}), which the book hash (§2.9) needs.
 */
public record PriceLevel(BigDecimal price, BigDecimal size) {

    public PriceLevel {
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(size, "size");
    }

    /** Convenience for tests and fixtures: {@code PriceLevel.of("0.48", "30")}. */
    public static PriceLevel of(String price, String size) {
        return new PriceLevel(new BigDecimal(price), new BigDecimal(size));
    }
}
