package dev.polystream.gateway.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An active position with the latest price of its token, for the positions card.
 *
 * @param price the token's latest price; null before the job priced it
 * @param question the market's question; null when the catalogue does not know the market
 */
public record PositionView(Position position, TokenPrice price, String question) {

    /** The displayed price: the token's latest, else what the job last wrote on the position. */
    public BigDecimal currentPrice() {
        if (price != null && price.price() != null) {
            return price.price();
        }
        return position.currentPrice();
    }

    /** (current - entry) × shares, the job's formula, on the latest price. */
    public BigDecimal pnlAmount() {
        BigDecimal current = currentPrice();
        return current == null
                ? null
                : current.subtract(position.entryPrice()).multiply(position.amount());
    }

    /** (current - entry) / entry × 100. */
    public BigDecimal pnlPercent() {
        BigDecimal current = currentPrice();
        if (current == null || position.entryPrice().signum() == 0) {
            return null;
        }
        return current.subtract(position.entryPrice())
                .multiply(new BigDecimal("100"))
                .divide(position.entryPrice(), 4, RoundingMode.HALF_UP);
    }
}
