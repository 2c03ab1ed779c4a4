package dev.polystream.gateway.domain;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A row of {@code alerts}, with the market's question for display.
 *
 * @param positionId the position a P&L alert (or a price alert set on a position) watches; null for
 *     market and token alerts
 * @param threshold a price for price alerts; percent or USDC for P&L alerts, the sign giving the
 *     direction
 * @param firedAt null while armed
 * @param notifiedAt null until Telegram accepted the notification
 * @param shares the shares of the alert's position, when it has one
 * @param wallet the wallet of the alert's position, when it is a wallet position
 */
public record Alert(
        long id,
        long userId,
        long chatId,
        AlertKind kind,
        Long positionId,
        String marketId,
        String tokenId,
        String outcome,
        BigDecimal threshold,
        Instant createdAt,
        Instant firedAt,
        BigDecimal firedValue,
        Instant notifiedAt,
        String question,
        BigDecimal shares,
        String wallet) {

    public boolean isArmed() {
        return firedAt == null;
    }
}
