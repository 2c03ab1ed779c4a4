package dev.polystream.gateway.domain;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A row of {@code positions} as the gateway reads it.
 *
 * @param amount shares held
 * @param currentPrice written by the Flink job; null until the token's first price
 * @param pnlAmount written by the job: (current - entry) × amount
 * @param pnlPercentage written by the job: (current - entry) / entry × 100
 * @param closedAt set by {@link PositionService#close}; null while active
 * @param exitPrice set by {@link PositionService#close}; null while active
 * @param realizedPnl (exit - entry) × amount, set by {@link PositionService#close}
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
        BigDecimal realizedPnl) {

    public boolean isActive() {
        return status == PositionStatus.ACTIVE;
    }
}
