package dev.polystream.ws.resilience;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Logs an outage of a dependency as three kinds of line instead of one per failed attempt:
 * "unavailable" (WARN, once), "still failing" (WARN, at most once a minute) and "recovered after N
 * s, M failed attempts" (INFO). One line each, no stack trace: an outage is an expected failure.
 * Thread-safe.
 */
public final class OutageLog {

    private static final long REPORT_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Logger log;
    private final String subject;
    private boolean failing;
    private long startedAt;
    private long reportedAt;
    private long failed;

    /**
     * @param subject what fails, starting a sentence, e.g. "Data API" or "Wallet sync: the
     *     database"
     */
    public OutageLog(Logger log, String subject) {
        this.log = log;
        this.subject = subject;
    }

    /** An attempt failed; {@code reason} is one short line. */
    public synchronized void failure(String reason) {
        long now = System.nanoTime();
        failed++;
        if (!failing) {
            failing = true;
            startedAt = now;
            reportedAt = now;
            log.warn("{} unavailable: {}", subject, reason);
        } else if (now - reportedAt >= REPORT_EVERY_NANOS) {
            reportedAt = now;
            log.warn(
                    "{} still failing after {} s, {} failed attempts; last: {}",
                    subject,
                    TimeUnit.NANOSECONDS.toSeconds(now - startedAt),
                    failed,
                    reason);
        }
    }

    /** An attempt succeeded: logs the recovery if there was an outage. */
    public synchronized void answered() {
        if (failing) {
            log.info(
                    "{} recovered after {} s, {} failed attempts",
                    subject,
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedAt),
                    failed);
            failing = false;
            failed = 0;
        }
    }

    public synchronized boolean failing() {
        return failing;
    }
}
