package dev.polystream.gateway.domain;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * How a wallet's syncs went, as the sync keeps it in memory (a sync that changes nothing writes
 * nothing to the database), with the reconciliation of the last successful one: the holdings we
 * could price, marked at our live prices, against Polymarket's own {@code current_value} of the
 * same holdings at the same moment.
 *
 * @param lastSuccess when the holdings were last read completely; null before the first success
 * @param failingSince the first failure since the last success; null when healthy
 * @param lastError the last failure, one line for the trader; null when healthy
 * @param polymarketValue Polymarket's {@code current_value} summed over every holding
 * @param holdings holdings read at the last success
 * @param compared how many of them we had a live price for
 * @param comparedPolymarket Polymarket's value of those
 * @param comparedOurs our value of those (size × our price)
 * @param skipped rows the sync could not track (combo positions, unreadable rows)
 */
public record WalletSyncStatus(
        Instant lastSuccess,
        Instant failingSince,
        String lastError,
        BigDecimal polymarketValue,
        int holdings,
        int compared,
        BigDecimal comparedPolymarket,
        BigDecimal comparedOurs,
        int skipped) {

    public static final WalletSyncStatus NEVER =
            new WalletSyncStatus(null, null, null, null, 0, 0, null, null, 0);

    public boolean failing() {
        return failingSince != null;
    }

    /** Our value minus Polymarket's over the holdings both priced; null when none was. */
    public BigDecimal difference() {
        return compared == 0 || comparedOurs == null || comparedPolymarket == null
                ? null
                : comparedOurs.subtract(comparedPolymarket);
    }

    /** A failure recorded on top of this status (the last good holdings and numbers are kept). */
    public WalletSyncStatus failed(Instant at, String error) {
        return new WalletSyncStatus(
                lastSuccess,
                failingSince == null ? at : failingSince,
                error,
                polymarketValue,
                holdings,
                compared,
                comparedPolymarket,
                comparedOurs,
                skipped);
    }
}
