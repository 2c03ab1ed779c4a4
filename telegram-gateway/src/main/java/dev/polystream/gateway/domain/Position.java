package dev.polystream.gateway.domain;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A row of {@code positions} as the gateway reads it: a paper position of one trader ({@code
 * userId}), or a holding of a linked wallet ({@code wallet}; {@code userId} is 0, the position
 * belongs to the wallet and every trader who linked it sees it).
 *
 * @param amount shares held
 * @param currentPrice written by the Flink job; null until the token's first price
 * @param pnlAmount written by the job: (current - entry) × amount
 * @param pnlPercentage written by the job: (current - entry) / entry × 100
 * @param closedAt set by {@code PositionService.close}; null while active
 * @param exitPrice set by {@code PositionService.close}; null while active
 * @param realizedPnl what sales realized (paper), or Polymarket's realized P&L (wallet)
 * @param source where the position comes from
 * @param wallet the lower-case proxy address of a wallet position; null for paper
 * @param costBasis USDC paid for the shares held (paper: entry × amount; wallet: Polymarket's
 *     entry_cost_usdc); P&L = amount × price − cost basis
 */
public record Position(
        long id,
        long userId,
        String marketId,
        String tokenId,
        String outcome,
        BigDecimal amount,
        BigDecimal entryPrice,
        PositionStatus status,
        Instant openedAt,
        BigDecimal currentPrice,
        BigDecimal pnlAmount,
        BigDecimal pnlPercentage,
        Instant closedAt,
        BigDecimal exitPrice,
        BigDecimal realizedPnl,
        PositionSource source,
        String wallet,
        BigDecimal costBasis) {

    public boolean isActive() {
        return status == PositionStatus.ACTIVE;
    }
}
