package dev.polystream.gateway.wallet;

import dev.polystream.gateway.domain.HoldingState;
import dev.polystream.gateway.domain.PositionStatus;
import dev.polystream.gateway.store.WalletPositionStore.Stored;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a sync must write: the difference between a wallet's stored positions and the holdings the
 * Data API reported, as a list of changes (empty when nothing changed: then nothing is written).
 *
 * <p>The rules: a new holding is inserted (already resolved when the Data API marks it redeemable);
 * an active position whose market settled is resolved at the settlement price; one that reached
 * size 0 or went away is closed with its last values; a resolved position is never reopened; a
 * token whose row was unreadable is left exactly as it is (neither created nor closed), so one bad
 * row can never close a real position.
 */
public final class HoldingsDiff {

    /** One holding as the Data API reported it. */
    public record Observed(HoldingState state, BigDecimal currentPrice, Instant firstEntryAt) {}

    /** What a change does to a stored position. */
    public enum Action {
        /** A holding seen for the first time (active, or already resolved). */
        INSERT,
        /** New values for a position that stays as it is (active or resolved). */
        UPDATE,
        /** The holding went away or reached size 0. */
        CLOSE,
        /** The holding's market settled; {@code price} is what a share pays. */
        RESOLVE
    }

    /**
     * A write the sync makes.
     *
     * @param stored the position changed; null for {@link Action#INSERT}
     * @param next the values written
     * @param status the status an inserted position starts with; null otherwise
     * @param price the settlement price of a resolved one, when known
     * @param firstEntryAt when an inserted holding was first bought, when known
     */
    public record Change(
            Action action,
            Stored stored,
            HoldingState next,
            PositionStatus status,
            BigDecimal price,
            Instant firstEntryAt) {

        static Change insert(Observed holding, PositionStatus status) {
            return new Change(
                    Action.INSERT,
                    null,
                    holding.state(),
                    status,
                    status == PositionStatus.RESOLVED ? holding.currentPrice() : null,
                    holding.firstEntryAt());
        }

        static Change update(Stored stored, HoldingState next) {
            return new Change(Action.UPDATE, stored, next, null, null, null);
        }

        static Change close(Stored stored, HoldingState next) {
            return new Change(Action.CLOSE, stored, next, null, null, null);
        }

        static Change resolve(Stored stored, HoldingState next, BigDecimal price) {
            return new Change(Action.RESOLVE, stored, next, null, price, null);
        }

        public String tokenId() {
            return next.tokenId();
        }

        /** The market id the intent record carries, when known. */
        public String marketId() {
            return next.marketId();
        }

        /** +1, 0 or −1 on the token's {@code token_interest.positions}. */
        public int interestDelta() {
            return switch (action) {
                case INSERT -> status == PositionStatus.ACTIVE ? 1 : 0;
                case UPDATE -> 0;
                case CLOSE, RESOLVE -> -1;
            };
        }
    }

    private HoldingsDiff() {}

    /**
     * The changes, ordered by token (the order their interest rows are locked in, so two syncs
     * sharing tokens cannot deadlock).
     *
     * @param observed the complete holdings of the wallet, by token
     * @param unreadable tokens whose rows could not be read: left alone
     */
    public static List<Change> between(
            List<Stored> stored, Map<String, Observed> observed, Set<String> unreadable) {
        Map<String, Stored> byToken = new HashMap<>();
        for (Stored s : stored) {
            byToken.put(s.state().tokenId(), s);
        }
        List<Change> changes = new ArrayList<>();
        for (Observed o : observed.values()) {
            String token = o.state().tokenId();
            if (unreadable.contains(token)) {
                continue;
            }
            Stored s = byToken.get(token);
            HoldingState next = o.state().keepingMarketOf(s == null ? null : s.state());
            boolean held = next.amount() != null && next.amount().signum() > 0;
            if (s == null) {
                if (held) {
                    changes.add(
                            Change.insert(
                                    new Observed(next, o.currentPrice(), o.firstEntryAt()),
                                    next.redeemable()
                                            ? PositionStatus.RESOLVED
                                            : PositionStatus.ACTIVE));
                }
            } else if (s.status() == PositionStatus.RESOLVED) {
                if (!held) {
                    redeemed(s).ifPresent(changes::add);
                } else if (s.state().differsFrom(next)) {
                    changes.add(Change.update(s, next));
                }
            } else if (next.redeemable()) {
                changes.add(Change.resolve(s, next, o.currentPrice()));
            } else if (!held) {
                changes.add(Change.close(s, next));
            } else if (s.state().differsFrom(next)) {
                changes.add(Change.update(s, next));
            }
        }
        for (Stored s : stored) {
            String token = s.state().tokenId();
            if (observed.containsKey(token) || unreadable.contains(token)) {
                continue;
            }
            if (s.status() == PositionStatus.ACTIVE) {
                changes.add(Change.close(s, s.state()));
            } else {
                redeemed(s).ifPresent(changes::add);
            }
        }
        changes.sort(Comparator.comparing(Change::tokenId));
        return changes;
    }

    /**
     * A settled position whose shares went away was redeemed: nothing is left to redeem. Its size
     * is kept (the resolution notice reports the payout of the shares that were held).
     */
    private static Optional<Change> redeemed(Stored s) {
        HoldingState h = s.state();
        if (!h.redeemable()) {
            return Optional.empty();
        }
        return Optional.of(
                Change.update(
                        s,
                        new HoldingState(
                                h.tokenId(),
                                h.conditionId(),
                                h.marketId(),
                                h.outcome(),
                                h.amount(),
                                h.avgPrice(),
                                h.costBasis(),
                                h.realizedPnl(),
                                false,
                                h.mergeable())));
    }
}
