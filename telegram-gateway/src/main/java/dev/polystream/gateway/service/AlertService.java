package dev.polystream.gateway.service;

import dev.polystream.gateway.domain.Alert;
import dev.polystream.gateway.domain.AlertKind;
import dev.polystream.gateway.domain.Inputs;
import dev.polystream.gateway.domain.InvalidInputException;
import dev.polystream.gateway.domain.Market;
import dev.polystream.gateway.domain.NotFoundException;
import dev.polystream.gateway.domain.Position;
import dev.polystream.gateway.domain.PositionNotActiveException;
import dev.polystream.gateway.domain.PositionNotFoundException;
import dev.polystream.gateway.store.AlertStore;
import dev.polystream.gateway.store.PositionStore;
import dev.polystream.gateway.store.TransactionRunner;
import dev.polystream.gateway.store.UserStore;
import java.math.BigDecimal;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates, lists and deletes a trader's alerts, and fires them against the latest prices. */
public final class AlertService {

    private static final Logger LOG = LoggerFactory.getLogger(AlertService.class);

    /** Most armed alerts per trader. */
    public static final int MAX_ARMED = 25;

    private static final BigDecimal MAX_PNL_PERCENT = new BigDecimal("100000");
    private static final BigDecimal MAX_PNL_AMOUNT = new BigDecimal("1000000000");

    private final TransactionRunner transactions;

    public AlertService(DataSource dataSource) {
        this.transactions = new TransactionRunner(dataSource);
    }

    /** A price alert on one outcome of a market. */
    public Alert priceAlert(
            long userId,
            long chatId,
            Market market,
            int outcomeIndex,
            AlertKind kind,
            BigDecimal price) {
        Inputs.userId(userId);
        requirePriceKind(kind);
        requirePrice(price);
        if (outcomeIndex < 0 || outcomeIndex >= market.tokenIds().size()) {
            throw new InvalidInputException(
                    "That market has no outcome #" + (outcomeIndex + 1) + ".");
        }
        return insert(
                userId,
                chatId,
                kind,
                null,
                market.id(),
                market.tokenIds().get(outcomeIndex),
                market.outcome(outcomeIndex),
                price);
    }

    /** A price alert, or a P&L alert, on one of the trader's active positions. */
    public Alert positionAlert(
            long userId, long chatId, long positionId, AlertKind kind, BigDecimal threshold) {
        Inputs.userId(userId);
        if (kind.isPnl()) {
            requirePnl(kind, threshold);
        } else {
            requirePrice(threshold);
        }
        Position position =
                transactions
                        .inTransaction(
                                "read a position",
                                c -> PositionStore.findVisible(c, userId, positionId))
                        .orElseThrow(() -> new PositionNotFoundException(positionId));
        if (!position.isActive()) {
            throw new PositionNotActiveException(positionId, position.status());
        }
        return insert(
                userId,
                chatId,
                kind,
                positionId,
                position.marketId(),
                position.tokenId(),
                position.outcome(),
                threshold);
    }

    /** The trader's armed alerts and those fired in the last day. */
    public List<Alert> list(long userId, int limit) {
        Inputs.userId(userId);
        return transactions.inTransaction(
                "list alerts", c -> AlertStore.listForUser(c, userId, limit));
    }

    /** Deletes one of the trader's alerts. */
    public void delete(long userId, long alertId) {
        Inputs.userId(userId);
        boolean deleted =
                transactions.inTransaction(
                        "delete an alert", c -> AlertStore.delete(c, userId, alertId));
        if (!deleted) {
            throw new NotFoundException("You have no alert #" + alertId + ".");
        }
        LOG.info("Alert deleted id={} user={}", alertId, userId);
    }

    /**
     * Fires every alert whose condition holds at the current prices, and writes the resolution
     * notices of wallet positions that settled; returns how many fired.
     */
    public int fireDue() {
        return transactions.inTransaction(
                "fire alerts", c -> AlertStore.insertResolutionNotices(c) + AlertStore.fire(c));
    }

    /** Fired alerts not yet delivered, oldest first. */
    public List<Alert> undelivered(int limit) {
        return transactions.inTransaction(
                "read fired alerts", c -> AlertStore.unnotified(c, limit));
    }

    public void markDelivered(long alertId) {
        transactions.inTransaction(
                "mark an alert delivered",
                c -> {
                    AlertStore.markNotified(c, alertId);
                    return null;
                });
    }

    private Alert insert(
            long userId,
            long chatId,
            AlertKind kind,
            Long positionId,
            String marketId,
            String tokenId,
            String outcome,
            BigDecimal threshold) {
        Alert alert =
                transactions.inTransaction(
                        "create an alert",
                        c -> {
                            UserStore.ensureExists(c, userId);
                            if (AlertStore.countArmed(c, userId) >= MAX_ARMED) {
                                throw new InvalidInputException(
                                        "You already have "
                                                + MAX_ARMED
                                                + " alerts armed; delete some with /alerts first.");
                            }
                            return AlertStore.insert(
                                    c,
                                    userId,
                                    chatId,
                                    kind,
                                    positionId,
                                    marketId,
                                    tokenId,
                                    outcome,
                                    threshold);
                        });
        LOG.info("Alert created id={} user={} kind={} token={}", alert.id(), userId, kind, tokenId);
        return alert;
    }

    private static void requirePriceKind(AlertKind kind) {
        if (kind.isPnl()) {
            throw new InvalidInputException(
                    "P&L alerts need a position: /alert <position id> pnl +10%.");
        }
    }

    private static void requirePrice(BigDecimal price) {
        if (price == null || price.signum() <= 0 || price.compareTo(BigDecimal.ONE) >= 0) {
            throw new InvalidInputException(
                    "An alert price must be between 0 and 1 (exclusive), e.g. 0.65 for 65¢.");
        }
        if (price.stripTrailingZeros().scale() > 4) {
            throw new InvalidInputException("An alert price can have at most 4 decimal places.");
        }
    }

    private static void requirePnl(AlertKind kind, BigDecimal threshold) {
        BigDecimal max = kind == AlertKind.PNL_PERCENT ? MAX_PNL_PERCENT : MAX_PNL_AMOUNT;
        if (threshold == null || threshold.signum() == 0 || threshold.abs().compareTo(max) > 0) {
            throw new InvalidInputException(
                    "A P&L threshold must be non-zero and at most "
                            + max.toPlainString()
                            + (kind == AlertKind.PNL_PERCENT ? "%" : " USDC")
                            + ", e.g. +10% or -25$.");
        }
        if (kind == AlertKind.PNL_PERCENT && threshold.compareTo(new BigDecimal("-100")) < 0) {
            throw new InvalidInputException("A position cannot lose more than 100%.");
        }
        if (threshold.stripTrailingZeros().scale() > 2) {
            throw new InvalidInputException("A P&L threshold can have at most 2 decimal places.");
        }
    }
}
