package dev.polystream.ws.resilience;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs an outage of a dependency as three kinds of line instead of one per failed request: "outage
 * began" (WARN, once), "still failing" (WARN, at most once a minute) and "recovered after N s, M
 * failed requests" (INFO). One line each, no stack trace: an outage is an expected failure.
 * Thread-safe.
 */
public final class OutageLog {

    private static final long REPORT_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Logger log;
    private final String subject;
    private final LongSupplier nanoClock;
    private boolean failing;
    private long startedAt;
    private long reportedAt;
    private long failed;

    /**
     * @param subject what fails, starting a sentence, e.g. "Data API" or "Wallet sync: the
     *     database"
     */
    public OutageLog(Logger log, String subject) {
        this(log, subject, System::nanoTime);
    }

    /** With a clock of nanoseconds, for tests. */
    public OutageLog(Logger log, String subject, LongSupplier nanoClock) {
        this.log = log;
        this.subject = subject;
        this.nanoClock = nanoClock;
    }

    /** A request failed; {@code reason} is one short line. */
    public synchronized void failure(String reason) {
        long now = nanoClock.getAsLong();
        failed++;
        if (!failing) {
            failing = true;
            startedAt = now;
            reportedAt = now;
            log.warn("{} outage began: {}", subject, reason);
        } else if (now - reportedAt >= REPORT_EVERY_NANOS) {
            reportedAt = now;
            log.warn(
                    "{} still failing after {} s, {} failed requests; last: {}",
                    subject,
                    TimeUnit.NANOSECONDS.toSeconds(now - startedAt),
                    failed,
                    reason);
        }
    }

    /** The dependency answered: logs the recovery if there was an outage. */
    public synchronized void answered() {
        if (failing) {
            log.info(
                    "{} recovered after {} s, {} failed requests",
                    subject,
                    TimeUnit.NANOSECONDS.toSeconds(nanoClock.getAsLong() - startedAt),
                    failed);
            failing = false;
            failed = 0;
        }
    }

    public synchronized boolean failing() {
        return failing;
    }
}
