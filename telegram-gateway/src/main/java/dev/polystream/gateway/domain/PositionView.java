package dev.polystream.gateway.domain;

import java.math.BigDecimal;

/**
 * An active position priced at its token's latest price, for the positions card. The value and P&L
 * are computed by the database with the schema's one definition of P&L (see {@code positions}/V12),
 * never here.
 *
 * @param price the token's latest price; null before the job priced it
 * @param question the market's question; null when the catalogue does not know the market
 * @param value amount × current price; null while unpriced
 * @param pnlAmount amount × current price − cost basis; null while unpriced
 * @param pnlPercent pnlAmount / cost basis × 100; null while unpriced or without a cost basis
 */
public record PositionView(
        Position position,
        TokenPrice price,
        String question,
        BigDecimal value,
        BigDecimal pnlAmount,
        BigDecimal pnlPercent) {

    /** The displayed price: the token's latest, else what the job last wrote on the position. */
    public BigDecimal currentPrice() {
        if (price != null && price.price() != null) {
            return price.price();
        }
        return position.currentPrice();
    }
}
