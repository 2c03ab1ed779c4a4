package dev.polystream.job.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upkeep of {@code price_bars_1s}'s daily partitions, run by one sink writer at most once per
 * {@link #INTERVAL}: creates the partitions of yesterday through {@link #DAYS_AHEAD} days ahead
 * ({@code ensure_bar_partitions}) and drops those older than {@code bars.retention} ({@code
 * drop_bar_partitions}), both schema functions (sql/migrations V13), in a transaction of its own
 * after a flush has committed. A failure is logged in one line and tried again at the next
 * interval; it never fails a flush (a bar of a day without partition lands in the DEFAULT one).
 */
final class BarPartitions {

    private static final Logger LOG = LoggerFactory.getLogger(BarPartitions.class);

    /** Partitions created ahead of today (UTC). */
    static final int DAYS_AHEAD = 2;

    /** Most often the upkeep runs. */
    static final Duration INTERVAL = Duration.ofHours(1);

    /** The upkeep waits this long for its locks, then gives up until the next interval. */
    private static final String LOCK_TIMEOUT = "SET LOCAL lock_timeout = '2s'";

    private final Duration retention;
    private long nextRunMs;

    /** {@code retention}: one-second bars older than this are dropped, a whole day at a time. */
    BarPartitions(Duration retention) {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("bars.retention must be positive, got " + retention);
        }
        this.retention = retention;
    }

    Duration retention() {
        return retention;
    }

    /**
     * Runs the upkeep when it is due, on a connection with no open work (just committed); commits
     * its own transaction. Returns true when it ran and succeeded.
     */
    boolean runIfDue(Connection c, LongSupplier clockMs) {
        long now = clockMs.getAsLong();
        if (now < nextRunMs) {
            return false;
        }
        nextRunMs = now + INTERVAL.toMillis();
        try {
            int created;
            int dropped = 0;
            try (Statement s = c.createStatement()) {
                s.execute(LOCK_TIMEOUT);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT ensure_bar_partitions(?)")) {
                ps.setInt(1, DAYS_AHEAD);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    created = rs.getInt(1);
                }
            }
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT drop_bar_partitions(? * interval '1 second')")) {
                ps.setLong(1, retention.toSeconds());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        dropped++;
                    }
                }
            }
            c.commit();
            if (created > 0 || dropped > 0) {
                LOG.info(
                        "price_bars_1s: {} daily partitions created, {} past the {} retention"
                                + " dropped",
                        created,
                        dropped,
                        retention);
            }
            return true;
        } catch (SQLException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // The next flush checks the connection and reconnects if needed.
            }
            LOG.warn(
                    "price_bars_1s partition upkeep failed ({}); next try in {}",
                    SqlErrors.describe(e),
                    INTERVAL);
            return false;
        }
    }
}
