package dev.polystream.ws.transport;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Spaces the socket opens of one client: each new connection opens a jittered {@code interval}
 * (uniformly between half and one and a half of it) after the previous one, so that a client
 * starting with thousands of tokens does not open dozens of sockets at once (Polymarket answers
 * connection storms with HTTP 429, protocol doc §2.7). Reconnects are spread by their own jittered
 * back-off instead. Thread-safe.
 */
final class ConnectPacer {

    private final long intervalNanos;
    private final LongSupplier nanoClock;

    // Guarded by this.
    private long nextNanos;
    private boolean first = true;

    ConnectPacer(Duration interval) {
        this(interval, System::nanoTime);
    }

    ConnectPacer(Duration interval, LongSupplier nanoClock) {
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    /** How long the next socket waits before it opens (0 for the first, or with no interval). */
    synchronized long delayMs() {
        long now = nanoClock.getAsLong();
        long at = first ? now : Math.max(now, nextNanos);
        first = false;
        long gap =
                intervalNanos <= 0
                        ? 0
                        : intervalNanos / 2
                                + ThreadLocalRandom.current().nextLong(intervalNanos + 1);
        nextNanos = at + gap;
        return (at - now) / 1_000_000;
    }
}
