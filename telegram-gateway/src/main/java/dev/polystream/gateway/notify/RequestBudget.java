package dev.polystream.gateway.notify;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The global request budget: a token bucket refilled at {@code telegram.requests-per-second},
 * holding a fifth of a second's worth. Used by the sender thread only.
 */
final class RequestBudget {

    private final double ratePerNano;
    private final double capacity;
    private double tokens;
    private long tokensAt = System.nanoTime();

    RequestBudget(int requestsPerSecond) {
        this.ratePerNano = requestsPerSecond / 1e9;
        this.capacity = Math.max(1, requestsPerSecond / 5.0);
        this.tokens = capacity;
    }

    /**
     * Takes one token, waiting for it if need be.
     *
     * @throws InterruptedException when interrupted, or when {@code running} turns false while
     *     waiting
     */
    void take(BooleanSupplier running) throws InterruptedException {
        while (true) {
            long now = System.nanoTime();
            tokens = Math.min(capacity, tokens + (now - tokensAt) * ratePerNano);
            tokensAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return;
            }
            if (!running.getAsBoolean()) {
                throw new InterruptedException("The bot is stopping");
            }
            long waitNanos = (long) ((1 - tokens) / ratePerNano);
            TimeUnit.NANOSECONDS.sleep(Math.max(1_000_000, Math.min(waitNanos, 100_000_000)));
        }
    }
}
