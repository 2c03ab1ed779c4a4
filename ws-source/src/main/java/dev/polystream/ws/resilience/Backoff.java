package dev.polystream.ws.resilience;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with <b>equal jitter</b>: after the n-th failure in a row the cap is {@code
 * min(max, initial × 2^(n-1))} and the wait is half the cap plus a random part of the other half.
 * Equal rather than full jitter so that a retry never comes almost at once (full jitter can draw ~0
 * ms, a burst against a server that just failed), while clients that failed together still spread
 * out. Immutable and thread-safe; the caller counts the failures and resets after a success, or
 * lets a {@link FailureStreak} do both (with the reset only after a healthy period).
 */
public final class Backoff {

    private final long initialNanos;
    private final long maxNanos;
    private final long floorNanos;

    public Backoff(Duration initial, Duration max) {
        this(initial, max, false);
    }

    private Backoff(Duration initial, Duration max, boolean atLeastInitial) {
        if (initial == null || max == null || initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("A back-off needs a positive initial delay");
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException(
                    "The longest back-off ("
                            + max
                            + ") is shorter than the first ("
                            + initial
                            + ")");
        }
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.floorNanos = atLeastInitial ? initialNanos : 0L;
    }

    /**
     * The same back-off, but no wait shorter than the initial delay: the first wait is exactly
     * {@code initial}, later ones keep the jitter (a reconnect that must never come sooner).
     */
    public Backoff atLeastInitial() {
        return new Backoff(initial(), max(), true);
    }

    /** The wait after {@code failures} failures in a row (1 for the first). */
    public Duration delay(int failures) {
        int doublings = Math.max(0, Math.min(failures - 1, 62));
        long cap = initialNanos;
        for (int i = 0; i < doublings && cap < maxNanos; i++) {
            cap = cap > maxNanos / 2 ? maxNanos : cap * 2;
        }
        cap = Math.min(cap, maxNanos);
        long half = cap / 2;
        long wait = half + ThreadLocalRandom.current().nextLong(cap - half + 1);
        return Duration.ofNanos(Math.max(floorNanos, wait));
    }

    public Duration initial() {
        return Duration.ofNanos(initialNanos);
    }

    public Duration max() {
        return Duration.ofNanos(maxNanos);
    }
}
