package dev.polystream.job.sink;

import dev.polystream.ws.resilience.Backoff;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The sink's failure policy: how long it rides out a database that cannot be written, and which
 * errors end that. A transient failure is retried with jittered back-off for at most {@code
 * sink.max-outage}; past it the task fails, so Flink's restart strategy and the operator's alerts
 * take over instead of a job that silently holds its rows forever. A permanent error (bad SQL,
 * missing grants) fails at once; an SQLState the sink does not know is retried {@link
 * #UNKNOWN_ATTEMPTS} times in a row, then treated as permanent.
 *
 * <p>One instance per writer, used on its task thread only.
 */
final class WriteRetries {

    /** Consecutive failures with an unknown SQLState tolerated before giving up. */
    static final int UNKNOWN_ATTEMPTS = 3;

    private final Backoff backoff;
    private final Duration maxOutage;
    private final LongSupplier clockMs;
    private long outageStartedMs;
    private int failures;
    private int unknownInARow;

    WriteRetries(Backoff backoff, Duration maxOutage, LongSupplier clockMs) {
        this.backoff = backoff;
        this.maxOutage = maxOutage;
        this.clockMs = clockMs;
    }

    /** A write committed: the outage, if any, is over. */
    void succeeded() {
        outageStartedMs = 0;
        failures = 0;
        unknownInARow = 0;
    }

    /**
     * A write failed; the wait before the next attempt.
     *
     * @throws GiveUp when no retry should follow (its message is the log line)
     */
    Duration failed(SQLException e, String target) throws GiveUp {
        long now = clockMs.getAsLong();
        if (outageStartedMs == 0) {
            outageStartedMs = now;
        }
        failures++;
        SqlErrors.Kind kind = SqlErrors.classify(e);
        if (kind == SqlErrors.Kind.PERMANENT) {
            throw new GiveUp(
                    "PostgreSQL rejected the job's writes (" + SqlErrors.describe(e) + ")", e);
        }
        unknownInARow = kind == SqlErrors.Kind.UNKNOWN ? unknownInARow + 1 : 0;
        if (unknownInARow > UNKNOWN_ATTEMPTS) {
            throw new GiveUp(
                    "PostgreSQL answered an error this sink does not know "
                            + unknownInARow
                            + " times in a row ("
                            + SqlErrors.describe(e)
                            + "); treating it as permanent",
                    e);
        }
        if (now - outageStartedMs >= maxOutage.toMillis()) {
            throw new GiveUp(
                    "PostgreSQL at "
                            + target
                            + " could not be written for "
                            + (now - outageStartedMs) / 1000
                            + " s, past sink.max-outage ("
                            + maxOutage.toSeconds()
                            + " s); failing the task so the restart strategy takes over (last: "
                            + SqlErrors.describe(e)
                            + ")",
                    e);
        }
        return backoff.delay(failures);
    }

    /** Milliseconds since the outage began; 0 while the database is writable. */
    long outageMs() {
        return outageStartedMs == 0 ? 0 : clockMs.getAsLong() - outageStartedMs;
    }

    int failures() {
        return failures;
    }

    /** No retry: the task fails with this message. */
    static final class GiveUp extends Exception {
        GiveUp(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
