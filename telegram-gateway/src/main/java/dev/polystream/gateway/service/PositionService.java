package dev.polystream.gateway.service;

import dev.polystream.gateway.domain.DomainException;
import dev.polystream.gateway.domain.Inputs;
import dev.polystream.gateway.domain.NewPosition;
import dev.polystream.gateway.domain.Position;
import dev.polystream.gateway.domain.PositionNotActiveException;
import dev.polystream.gateway.domain.PositionNotFoundException;
import dev.polystream.gateway.domain.TokenInterest;
import dev.polystream.gateway.outbox.SubscriptionOutbox;
import dev.polystream.gateway.store.PositionStore;
import dev.polystream.gateway.store.StoreException;
import dev.polystream.gateway.store.TokenInterestStore;
import dev.polystream.gateway.store.TransactionRunner;
import dev.polystream.gateway.store.UserStore;
import dev.polystream.gateway.store.WatchStore;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens and closes positions and manages watches: what the bot's commands call.
 *
 * <p>Every change runs in one transaction that also updates the token's {@code token_interest}
 * counts and writes an outbox row with the new absolute counts, so the subscription topic can never
 * disagree with the positions that were committed. A change that does nothing (watching twice,
 * unwatching what is not watched) writes nothing.
 *
 * <p>Refusals are {@link DomainException}s with a message for the trader; a database failure is a
 * {@link StoreException} (rolled back, safe to retry).
 */
public final class PositionService {

    private static final Logger LOG = LoggerFactory.getLogger(PositionService.class);

    private final TransactionRunner transactions;
    private final SubscriptionOutbox outbox;
    private final Runnable outboxWritten;

    /**
     * @param subscriptionTopic the Kafka topic the outbox rows are addressed to
     * @param outboxWritten called after each commit that wrote an outbox row (e.g. to wake the
     *     relay); must not block
     */
    public PositionService(
            DataSource dataSource, String subscriptionTopic, Runnable outboxWritten) {
        this.transactions = new TransactionRunner(dataSource);
        this.outbox = new SubscriptionOutbox(subscriptionTopic);
        this.outboxWritten = outboxWritten == null ? () -> {} : outboxWritten;
    }

    /** Registers a Telegram user, or refreshes their names. */
    public void registerUser(long userId, String username, String firstName) {
        Inputs.userId(userId);
        transactions.inTransaction(
                "register user",
                c -> {
                    UserStore.upsert(c, userId, username, firstName);
                    return null;
                });
    }

    /** Opens a position; see {@link NewPosition} for the rules each argument must meet. */
    public Position open(
            long userId,
            String marketId,
            String tokenId,
            String outcome,
            BigDecimal amount,
            BigDecimal entryPrice) {
        return open(new NewPosition(userId, marketId, tokenId, outcome, amount, entryPrice));
    }

    /**
     * Opens a position, registering the user when new.
     *
     * @return the stored position with its id
     */
    public Position open(NewPosition request) {
        Position opened =
                transactions.inTransaction(
                        "open a position",
                        c -> {
                            UserStore.ensureExists(c, request.userId());
                            Position position = PositionStore.insert(c, request);
                            announce(c, request.tokenId(), request.marketId(), +1, 0);
                            return position;
                        });
        LOG.info(
                "Opened position id={} user={} token={} amount={} entry={}",
                opened.id(),
                opened.userId(),
                opened.tokenId(),
                opened.amount().toPlainString(),
                opened.entryPrice().toPlainString());
        afterCommit();
        return opened;
    }

    /**
     * Closes one of the user's active positions at {@code exitPrice} (between 0 and 1): status
     * 'closed', closed_at, exit_price and realized_pnl = (exit - entry) × amount.
     *
     * @throws PositionNotFoundException when the user has no position with this id (including when
     *     it is someone else's); nothing changes
     * @throws PositionNotActiveException when it is already closed or resolved; nothing changes
     */
    public Position close(long userId, long positionId, BigDecimal exitPrice) {
        Inputs.userId(userId);
        Inputs.exitPrice(exitPrice);
        Position closed =
                transactions.inTransaction(
                        "close a position",
                        c -> {
                            Position position =
                                    PositionStore.close(c, userId, positionId, exitPrice)
                                            .orElseThrow(() -> refusal(c, userId, positionId));
                            announce(c, position.tokenId(), position.marketId(), -1, 0);
                            return position;
                        });
        LOG.info(
                "Closed position id={} user={} token={} exit={} realized_pnl={}",
                closed.id(),
                closed.userId(),
                closed.tokenId(),
                closed.exitPrice().toPlainString(),
                closed.realizedPnl().toPlainString());
        afterCommit();
        return closed;
    }

    /**
     * Starts watching a token (registering the user when new).
     *
     * @return true when the watch is new, false when the user already watched the token (nothing
     *     written)
     */
    public boolean watch(long userId, String tokenId, String marketId) {
        Inputs.userId(userId);
        Inputs.id("token id", tokenId);
        Inputs.id("market id", marketId);
        boolean added =
                transactions.inTransaction(
                        "watch a token",
                        c -> {
                            UserStore.ensureExists(c, userId);
                            if (!WatchStore.insert(c, userId, tokenId, marketId)) {
                                return false;
                            }
                            announce(c, tokenId, marketId, 0, +1);
                            return true;
                        });
        if (added) {
            LOG.info("Watch added user={} token={}", userId, tokenId);
            afterCommit();
        }
        return added;
    }

    /**
     * Stops watching a token.
     *
     * @return true when a watch was removed, false when the user did not watch the token (nothing
     *     written)
     */
    public boolean unwatch(long userId, String tokenId) {
        Inputs.userId(userId);
        Inputs.id("token id", tokenId);
        boolean removed =
                transactions.inTransaction(
                        "unwatch a token",
                        c -> {
                            if (!WatchStore.delete(c, userId, tokenId)) {
                                return false;
                            }
                            announce(c, tokenId, null, 0, -1);
                            return true;
                        });
        if (removed) {
            LOG.info("Watch removed user={} token={}", userId, tokenId);
            afterCommit();
        }
        return removed;
    }

    /** The user's active positions, oldest first (prices as last written by the job). */
    public List<Position> activePositions(long userId) {
        Inputs.userId(userId);
        return transactions.inTransaction(
                "list positions", c -> PositionStore.findActive(c, userId));
    }

    /** Whether the user watches the token. */
    public boolean isWatching(long userId, String tokenId) {
        return transactions.inTransaction(
                "read a watch", c -> WatchStore.exists(c, userId, tokenId));
    }

    /** The token's current counts; empty when nobody ever wanted it. */
    public Optional<TokenInterest> interest(String tokenId) {
        Inputs.id("token id", tokenId);
        return transactions.inTransaction(
                "read token interest", c -> TokenInterestStore.find(c, tokenId));
    }

    /**
     * Adjusts the token's counts and enqueues the new absolute counts, in the caller's transaction
     * (also used by {@link TradingService}, whose fills open and close positions, and by the wallet
     * sync, whose holdings do): the one path from a position to the subscription topic.
     */
    public void announce(
            Connection c, String tokenId, String marketId, int positionsDelta, int watchersDelta)
            throws SQLException {
        TokenInterest interest =
                TokenInterestStore.adjust(c, tokenId, marketId, positionsDelta, watchersDelta);
        outbox.enqueue(c, interest);
    }

    /** Why a close found nothing to close; reads the row without revealing another's position. */
    private static DomainException refusal(Connection c, long userId, long positionId) {
        Optional<Position> existing;
        try {
            existing = PositionStore.find(c, positionId);
        } catch (SQLException e) {
            throw new StoreException("Could not close a position", e);
        }
        if (existing.isEmpty() || existing.get().userId() != userId) {
            return new PositionNotFoundException(positionId);
        }
        return new PositionNotActiveException(positionId, existing.get().status());
    }

    /** Wakes the relay after a commit that wrote an outbox row (callers of {@link #announce}). */
    public void outboxWritten() {
        afterCommit();
    }

    /** Wakes the relay after a commit that wrote an outbox row. */
    void afterCommit() {
        try {
            outboxWritten.run();
        } catch (RuntimeException e) {
            // The change is committed and the relay polls anyway; a failing hook must not turn a
            // success into an error for the trader.
            LOG.warn("Outbox hook failed after commit: {}", e.toString());
        }
    }
}
