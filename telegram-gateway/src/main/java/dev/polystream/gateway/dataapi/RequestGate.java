package dev.polystream.gateway.dataapi;

import dev.polystream.gateway.dataapi.DataApiException.Kind;
import dev.polystream.ws.resilience.Backoff;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a request passes before it is sent, shared by every call and thread of one client:
 *
 * <ol>
 *   <li>the <b>pause gate</b>: after a {@code Retry-After} (or a 429 without one) nothing is sent
 *       until the pause ends, whichever request was refused;
 *   <li>a fair semaphore of {@code maxConcurrency} slots: the requests in flight;
 *   <li>the <b>rate</b>: one permit every {@code 1/requestsPerSecond} s (resilience4j with one
 *       permit per refresh period, so requests are spaced evenly instead of leaving in bursts);
 *   <li>the pause gate again, for a pause that began while this request waited for its permit
 *       (after which it takes a fresh permit).
 * </ol>
 *
 * Every wait is bounded (a pause by {@link DataApiClient#MAX_RETRY_AFTER} or the back-off maximum,
 * the permit by the queue of at most {@code maxConcurrency} requests) and ends early when the
 * client closes.
 */
final class RequestGate {

    /** A slot taken by one request in flight; closing it (once) frees the slot. */
    interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private final RateLimiter rate;
    private final Semaphore slots;
    private final Backoff backoff;
    private final Object lock = new Object();

    // Guarded by lock. nanoTime values, compared by difference only.
    private long pausedUntil = System.nanoTime();
    private boolean closed;
    private int rateLimitsInARow;
    private long pausedByRetryAfterNanos;

    RequestGate(double requestsPerSecond, int maxConcurrency, Backoff backoff) {
        long periodNanos = Math.max(1_000L, Math.round(1e9 / requestsPerSecond));
        // Only maxConcurrency threads queue for a permit at a time (they hold a slot), so a
        // reservation never needs to look further ahead than that many periods.
        Duration reserveAhead = Duration.ofNanos(periodNanos * (maxConcurrency + 2L));
        this.rate =
                RateLimiter.of(
                        "data-api",
                        RateLimiterConfig.custom()
                                .limitForPeriod(1)
                                .limitRefreshPeriod(Duration.ofNanos(periodNanos))
                                .timeoutDuration(reserveAhead)
                                .build());
        this.slots = new Semaphore(maxConcurrency, true);
        this.backoff = backoff;
    }

    /**
     * Waits until this thread may send one request.
     *
     * @throws DataApiException of kind {@link Kind#INTERRUPTED} when interrupted or closed
     */
    Permit enter() {
        awaitOpen();
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            throw interrupted();
        }
        AtomicBoolean released = new AtomicBoolean();
        Permit permit =
                () -> {
                    if (released.compareAndSet(false, true)) {
                        slots.release();
                    }
                };
        try {
            // A permit's moment passes during a pause: whoever held one then takes a fresh one,
            // so a pause ends in evenly spaced requests instead of a burst of maxConcurrency.
            for (int tries = 0; tries < 10; tries++) {
                long waitNanos = rate.reservePermission();
                if (waitNanos < 0) {
                    // Cannot happen with the reservation horizon above; fail rather than burst.
                    throw new IllegalStateException(
                            "The Data API rate limiter refused a reservation");
                }
                sleep(waitNanos);
                if (!awaitOpen()) {
                    break;
                }
            }
            return permit;
        } catch (RuntimeException e) {
            permit.close();
            throw e;
        }
    }

    /**
     * Stops every request from being sent for {@code pause} (extending, never shortening, a pause
     * already in force).
     *
     * @param fromRetryAfter the API asked for it with {@code Retry-After} (counted in the stats)
     */
    void pauseFor(Duration pause, boolean fromRetryAfter) {
        synchronized (lock) {
            long now = System.nanoTime();
            long until = now + pause.toNanos();
            if (until - pausedUntil > 0) {
                long from = pausedUntil - now > 0 ? pausedUntil : now;
                if (fromRetryAfter) {
                    pausedByRetryAfterNanos += until - from;
                }
                pausedUntil = until;
                lock.notifyAll();
            }
        }
    }

    /**
     * A 429 without {@code Retry-After}: a global pause growing with each such answer in a row.
     * Answers to requests that were already under way when a pause began do not grow it again.
     *
     * @return the pause now in force
     */
    Duration pauseAfterRateLimit() {
        synchronized (lock) {
            long now = System.nanoTime();
            if (pausedUntil - now > 0) {
                return Duration.ofNanos(pausedUntil - now);
            }
            rateLimitsInARow++;
            Duration pause = backoff.delay(rateLimitsInARow);
            pauseFor(pause, false);
            return pause;
        }
    }

    /** A request succeeded: the next 429 starts the back-off from the beginning. */
    void succeeded() {
        synchronized (lock) {
            rateLimitsInARow = 0;
        }
    }

    /**
     * Sleeps on this request's own back-off (not a global pause); ends early when closed.
     *
     * @throws DataApiException of kind {@link Kind#INTERRUPTED} when interrupted or closed
     */
    void sleep(Duration duration) {
        sleep(duration.toNanos());
    }

    Duration pausedByRetryAfter() {
        synchronized (lock) {
            return Duration.ofNanos(pausedByRetryAfterNanos);
        }
    }

    /** Wakes every waiting request; they fail with {@link Kind#INTERRUPTED}. */
    void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
    }

    /** Waits out a pause in force; true when there was one. */
    private boolean awaitOpen() {
        synchronized (lock) {
            boolean waited = false;
            // Bounded: each wait ends by the current pause's end, and a pause is extended only by
            // a new 429/503 answer, each capped.
            while (!closed && pausedUntil - System.nanoTime() > 0) {
                waited = true;
                waitOn(pausedUntil - System.nanoTime());
            }
            if (closed) {
                throw closedException();
            }
            return waited;
        }
    }

    private void sleep(long nanos) {
        if (nanos <= 0) {
            return;
        }
        synchronized (lock) {
            long deadline = System.nanoTime() + nanos;
            while (!closed && deadline - System.nanoTime() > 0) {
                waitOn(deadline - System.nanoTime());
            }
            if (closed) {
                throw closedException();
            }
        }
    }

    private void waitOn(long nanos) {
        try {
            TimeUnit.NANOSECONDS.timedWait(lock, Math.max(1_000L, nanos));
        } catch (InterruptedException e) {
            throw interrupted();
        }
    }

    private static DataApiException interrupted() {
        Thread.currentThread().interrupt();
        return new DataApiException(
                Kind.INTERRUPTED,
                0,
                null,
                null,
                false,
                "Interrupted waiting for the Data API",
                null);
    }

    private static DataApiException closedException() {
        return new DataApiException(
                Kind.INTERRUPTED, 0, null, null, false, "The Data API client is closed", null);
    }
}
