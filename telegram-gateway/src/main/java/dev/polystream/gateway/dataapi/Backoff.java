package dev.polystream.gateway.dataapi;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with <b>equal jitter</b>: after the n-th failure in a row the cap is {@code
 * min(max, initial × 2^(n-1))} and the wait is half the cap plus a random part of the other half.
 * Equal rather than full jitter so that a retry never comes almost at once (full jitter can draw ~0
 * ms, a burst against a server that just failed), while clients that failed together still spread
 * out.
 */
final class Backoff {

    private final long initialNanos;
    private final long maxNanos;

    Backoff(Duration initial, Duration max) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
    }

    /** The wait after {@code failures} failures in a row (1 for the first). */
    Duration delay(int failures) {
        int doublings = Math.max(0, Math.min(failures - 1, 40));
        long cap = initialNanos;
        for (int i = 0; i < doublings && cap < maxNanos; i++) {
            cap = Math.min(maxNanos, cap * 2);
        }
        cap = Math.min(cap, maxNanos);
        long half = cap / 2;
        return Duration.ofNanos(half + ThreadLocalRandom.current().nextLong(cap - half + 1));
    }
}
