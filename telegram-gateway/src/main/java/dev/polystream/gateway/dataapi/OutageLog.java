package dev.polystream.gateway.dataapi;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs an outage as three kinds of line instead of one per failed request: "began" (WARN, once),
 * "still failing" (WARN, at most once a minute) and "recovered after N s, M failed requests"
 * (INFO). Thread-safe.
 */
final class OutageLog {

    private static final long REPORT_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Logger log;
    private final LongSupplier nanoClock;
    private boolean failing;
    private long startedAt;
    private long reportedAt;
    private long failed;

    OutageLog(Logger log) {
        this(log, System::nanoTime);
    }

    OutageLog(Logger log, LongSupplier nanoClock) {
        this.log = log;
        this.nanoClock = nanoClock;
    }

    /** A request failed (5xx, 429, timeout, no connection); {@code reason} is one short line. */
    synchronized void failure(String reason) {
        long now = nanoClock.getAsLong();
        failed++;
        if (!failing) {
            failing = true;
            startedAt = now;
            reportedAt = now;
            log.warn("Data API outage began: {}", reason);
        } else if (now - reportedAt >= REPORT_EVERY_NANOS) {
            reportedAt = now;
            log.warn(
                    "Data API still failing after {} s, {} failed requests; last: {}",
                    TimeUnit.NANOSECONDS.toSeconds(now - startedAt),
                    failed,
                    reason);
        }
    }

    /** The API answered (any 2xx, or a 4xx other than 429: it is up and judging requests). */
    synchronized void answered() {
        if (failing) {
            log.info(
                    "Data API recovered after {} s, {} failed requests",
                    TimeUnit.NANOSECONDS.toSeconds(nanoClock.getAsLong() - startedAt),
                    failed);
            failing = false;
            failed = 0;
        }
    }
}
