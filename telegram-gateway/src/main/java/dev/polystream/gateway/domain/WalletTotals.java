package dev.polystream.gateway.domain;

import java.math.BigDecimal;

/**
 * A linked wallet's totals as the card shows them, summed by the database from the schema's P&L
 * functions.
 *
 * @param value the open positions marked at the live price (unpriced ones left out)
 * @param unrealized their P&L: value − cost basis
 * @param realized Polymarket's realized P&L of every position of the wallet seen since linking
 * @param open active positions
 * @param unpriced active positions without a live price yet
 * @param toRedeem resolved positions still held (redeemable on polymarket.com)
 * @param redeemPayout what those pay out
 */
public record WalletTotals(
        BigDecimal value,
        BigDecimal unrealized,
        BigDecimal realized,
        int open,
        int unpriced,
        int toRedeem,
        BigDecimal redeemPayout) {

    public BigDecimal total() {
        return unrealized.add(realized);
    }
}
