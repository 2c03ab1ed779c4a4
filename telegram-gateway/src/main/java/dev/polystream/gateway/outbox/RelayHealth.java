package dev.polystream.gateway.outbox;

import dev.polystream.ws.resilience.OutageLog;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the relay reports about itself: its state, what it published, and its outages. An outage is
 * logged through the project's one {@link OutageLog} ("outage began" once, "still failing" at most
 * once a minute, "recovered" once), with a line when a different dependency starts failing in the
 * middle of one. Written by the relay thread, read by any thread through {@link #status()}.
 */
final class RelayHealth {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

    private final OutageLog outages = new OutageLog(LOG, "Outbox relay");
    private final String retrying;
    private final AtomicLong published = new AtomicLong();

    private volatile RelayStatus.State state = RelayStatus.State.NEW;
    private volatile Instant lastPublishedAt;
    private volatile String problem;
    private volatile Instant problemSince;

    // Owned by the relay thread.
    private String problemKind;

    /**
     * @param maxBackoffSeconds the longest wait between retries, for the log line
     */
    RelayHealth(long maxBackoffSeconds) {
        this.retrying =
                "unsent rows stay in the outbox, retrying with back-off up to "
                        + maxBackoffSeconds
                        + " s";
    }

    RelayStatus status() {
        return new RelayStatus(state, published.get(), lastPublishedAt, problem, problemSince);
    }

    long publishedCount() {
        return published.get();
    }

    void state(RelayStatus.State state) {
        this.state = state;
    }

    /** Kafka acknowledged {@code rows} more rows. */
    void published(int rows) {
        published.addAndGet(rows);
        lastPublishedAt = Instant.now();
    }

    /**
     * A round failed. Logged once per outage (and once more when what fails changes), not on every
     * retry; an {@code unexpected} error (a bug, not an outage) also gets its stack trace, once.
     *
     * @param what the failing dependency, e.g. "Kafka" or "PostgreSQL"
     * @param where where it was looked for, e.g. "at host:9092"; empty when it says nothing
     */
    void failed(String what, String where, Throwable cause, boolean unexpected) {
        String description = what + " unavailable: " + describe(cause);
        String reason =
                (unexpected ? "failed unexpectedly" : "cannot reach " + what)
                        + (where.isEmpty() ? "" : " " + where)
                        + " ("
                        + describe(cause)
                        + "); "
                        + retrying;
        boolean changed = !what.equals(problemKind);
        if (changed) {
            if (problemKind != null) {
                LOG.warn("Outbox relay {}", reason);
            }
            if (unexpected) {
                LOG.error("Outbox relay hit an unexpected error; retrying", cause);
            }
            problemKind = what;
            problemSince = Instant.now();
        }
        outages.failure(reason);
        problem = description;
        state = RelayStatus.State.DEGRADED;
    }

    /** A round succeeded: ends an outage, if any. */
    void healthy() {
        outages.answered();
        problemKind = null;
        problem = null;
        problemSince = null;
        state = RelayStatus.State.RUNNING;
    }

    static String describe(Throwable t) {
        StringBuilder text = new StringBuilder();
        Throwable current = t;
        for (int depth = 0; current != null && depth < 3; depth++) {
            if (depth > 0) {
                text.append(" <- ");
            }
            text.append(current.getClass().getSimpleName());
            if (current.getMessage() != null) {
                text.append(": ").append(current.getMessage());
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return text.toString();
    }
}
