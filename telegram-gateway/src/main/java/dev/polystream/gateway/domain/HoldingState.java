package dev.polystream.gateway.domain;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The columns of a wallet position that the wallet sync owns, as Polymarket's Data API reports
 * them: what is held, at what cost, in which market. Prices and P&L are the job's.
 *
 * @param marketId the Gamma market id; null while the catalogue does not know the market
 * @param amount shares held ({@code current_size})
 * @param avgPrice {@code avg_price}, stored as the entry price; null when unknown
 * @param costBasis {@code entry_cost_usdc} (fees excluded); null when unknown
 * @param realizedPnl {@code realized_pnl}; null when unknown
 */
public record HoldingState(
        String tokenId,
        String conditionId,
        String marketId,
        String outcome,
        BigDecimal amount,
        BigDecimal avgPrice,
        BigDecimal costBasis,
        BigDecimal realizedPnl,
        boolean redeemable,
        boolean mergeable) {

    /**
     * Whether storing {@code next} over this would change a column. Numbers compare by value (28.09
     * and 28.090 are equal); a market id that became unknown keeps the stored one.
     */
    public boolean differsFrom(HoldingState next) {
        return !same(amount, next.amount)
                || !same(avgPrice, next.avgPrice)
                || !same(costBasis, next.costBasis)
                || !same(realizedPnl, next.realizedPnl)
                || redeemable != next.redeemable
                || mergeable != next.mergeable
                || !Objects.equals(outcome, next.outcome)
                || !Objects.equals(conditionId, next.conditionId)
                || (next.marketId != null && !next.marketId.equals(marketId));
    }

    /** {@code next} with the stored market id kept where {@code next} has none. */
    public HoldingState keepingMarketOf(HoldingState stored) {
        if (marketId != null || stored == null || stored.marketId == null) {
            return this;
        }
        return new HoldingState(
                tokenId,
                conditionId,
                stored.marketId,
                outcome,
                amount,
                avgPrice,
                costBasis,
                realizedPnl,
                redeemable,
                mergeable);
    }

    private static boolean same(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }
}
