package dev.polystream.gateway.wallet;

import dev.polystream.gateway.domain.HoldingState;
import dev.polystream.gateway.domain.WalletAddress;
import dev.polystream.gateway.service.PositionService;
import dev.polystream.gateway.store.AlertStore;
import dev.polystream.gateway.store.TransactionRunner;
import dev.polystream.gateway.store.WalletPositionStore;
import dev.polystream.gateway.store.WalletStore;
import dev.polystream.gateway.wallet.HoldingsDiff.Change;
import dev.polystream.gateway.wallet.HoldingsDiff.Observed;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Writes a wallet's holdings into {@code positions}: the changes {@link HoldingsDiff} finds, in one
 * transaction with the tokens' new interest counts and their outbox rows, so a token held in a
 * linked wallet is streamed exactly like a paper position's. A sync that changes nothing writes
 * nothing: the first read takes no lock, and only when it finds a change is the wallet locked and
 * the diff taken again under the lock (an unlink in between wins).
 */
public final class HoldingsWriter {

    /**
     * What one sync wrote.
     *
     * @param gone the holdings closed because they left the Data API's open list (sold out between
     *     two reads: their final realized P&L is only in the closed list)
     */
    public record Result(
            int inserted, int updated, int closed, int resolved, List<HoldingState> gone) {
        public static final Result NONE = new Result(0, 0, 0, 0, List.of());

        public boolean changed() {
            return inserted + updated + closed + resolved > 0;
        }
    }

    private final TransactionRunner transactions;
    private final PositionService positions;
    private final Clock clock;

    public HoldingsWriter(DataSource dataSource, PositionService positions, Clock clock) {
        this.transactions = new TransactionRunner(dataSource);
        this.positions = positions;
        this.clock = clock;
    }

    /**
     * Brings the wallet's stored positions to the holdings observed.
     *
     * @param observed the complete holdings, by token
     * @param unreadable tokens whose rows could not be read (left alone)
     */
    public Result write(
            WalletAddress wallet, Map<String, Observed> observed, Set<String> unreadable) {
        List<Change> changes =
                transactions.inTransaction(
                        "read a wallet's positions",
                        c ->
                                HoldingsDiff.between(
                                        WalletPositionStore.open(c, wallet, false),
                                        observed,
                                        unreadable));
        if (changes.isEmpty()) {
            return Result.NONE;
        }
        Result result =
                transactions.inTransaction(
                        "write a wallet's positions",
                        c -> {
                            if (!WalletStore.lockIfLinked(c, wallet)) {
                                return Result.NONE;
                            }
                            List<Change> locked =
                                    HoldingsDiff.between(
                                            WalletPositionStore.open(c, wallet, true),
                                            observed,
                                            unreadable);
                            Result written = apply(c, wallet, locked);
                            if (written.changed()) {
                                WalletStore.markChanged(c, wallet, clock.instant());
                            }
                            return written;
                        });
        if (result.inserted() + result.closed() + result.resolved() > 0) {
            positions.outboxWritten();
        }
        return result;
    }

    /**
     * The final realized P&L of holdings that were closed when they left the open list, from the
     * Data API's closed list; the most recent closed position of each token takes it.
     */
    public int recordFinalRealized(WalletAddress wallet, Map<String, BigDecimal> realizedByToken) {
        if (realizedByToken.isEmpty()) {
            return 0;
        }
        return transactions.inTransaction(
                "record final realized P&L",
                c -> WalletPositionStore.recordFinalRealized(c, wallet, realizedByToken));
    }

    private Result apply(Connection c, WalletAddress wallet, List<Change> changes)
            throws SQLException {
        int inserted = 0;
        int updated = 0;
        int closed = 0;
        int resolved = 0;
        List<HoldingState> gone = new ArrayList<>();
        // Sorted by token: the interest rows are locked in one order by every writer.
        for (Change change : changes) {
            switch (change.action()) {
                case INSERT -> {
                    WalletPositionStore.insert(
                            c,
                            wallet,
                            change.next(),
                            change.status(),
                            change.price(),
                            change.firstEntryAt());
                    inserted++;
                }
                case UPDATE -> {
                    WalletPositionStore.update(c, change.stored().id(), change.next());
                    updated++;
                }
                case CLOSE -> {
                    WalletPositionStore.close(c, change.stored().id(), change.next());
                    AlertStore.deleteArmedPnlAlerts(c, change.stored().id());
                    closed++;
                    if (change.next().amount() != null && change.next().amount().signum() > 0) {
                        gone.add(change.next());
                    }
                }
                case RESOLVE -> {
                    WalletPositionStore.resolve(
                            c, change.stored().id(), change.next(), change.price());
                    AlertStore.deleteArmedPnlAlerts(c, change.stored().id());
                    resolved++;
                }
            }
            if (change.interestDelta() != 0) {
                positions.announce(
                        c, change.tokenId(), change.marketId(), change.interestDelta(), 0);
            }
        }
        return new Result(inserted, updated, closed, resolved, List.copyOf(gone));
    }
}
