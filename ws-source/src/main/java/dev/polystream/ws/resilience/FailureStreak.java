package dev.polystream.ws.resilience;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Failures in a row against one {@link Backoff}, forgotten only once a success has lasted a healthy
 * period: a connection that opens and drops at once keeps backing off instead of hammering the
 * server at the initial delay. Not thread-safe: one owner (a connection's event loop, a retry
 * loop).
 */
public final class FailureStreak {

    private static final long NOT_HEALTHY = Long.MIN_VALUE;

    private final Backoff backoff;
    private final long healthyNanos;
    private final LongSupplier nanoClock;
    private int failures;
    private long healthySince = NOT_HEALTHY;

    /**
     * @param healthyPeriod how long a success must last before the next failure counts as the first
     */
    public FailureStreak(Backoff backoff, Duration healthyPeriod) {
        this(backoff, healthyPeriod, System::nanoTime);
    }

    /** With a clock of nanoseconds, for tests. */
    public FailureStreak(Backoff backoff, Duration healthyPeriod, LongSupplier nanoClock) {
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        if (healthyPeriod == null || healthyPeriod.isNegative()) {
            throw new IllegalArgumentException("A healthy period must not be negative");
        }
        this.healthyNanos = healthyPeriod.toNanos();
        this.nanoClock = nanoClock;
    }

    /** It works again (a socket opened, a request answered): a healthy period starts now. */
    public void succeeded() {
        healthySince = nanoClock.getAsLong();
    }

    /**
     * It failed (or a working socket was lost): counts the failure, after forgetting the earlier
     * ones if the last success lasted the healthy period.
     *
     * @return how long to wait before the next attempt
     */
    public Duration failed() {
        if (healthySince != NOT_HEALTHY && nanoClock.getAsLong() - healthySince >= healthyNanos) {
            failures = 0;
        }
        healthySince = NOT_HEALTHY;
        if (failures < Integer.MAX_VALUE) {
            failures++;
        }
        return backoff.delay(failures);
    }

    /** Failures in a row so far. */
    public int failures() {
        return failures;
    }
}
