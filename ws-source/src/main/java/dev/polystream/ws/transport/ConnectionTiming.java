package dev.polystream.ws.transport;

import dev.polystream.ws.resilience.Backoff;
import java.time.Duration;

/** The timing rules of a market-channel connection, derived from its config. */
final class ConnectionTiming {

    private ConnectionTiming() {}

    /**
     * The reconnect back-off: {@link Backoff}'s equal jitter from {@code backoffInitial} doubling
     * up to {@code backoffMax}, never below {@code backoffInitial}.
     */
    static Backoff backoff(MarketChannelConfig config) {
        return new Backoff(config.backoffInitial(), config.backoffMax()).atLeastInitial();
    }

    /**
     * The wait before reconnect attempt {@code attempt} (0 for the first after a healthy socket).
     */
    static long backoffMs(MarketChannelConfig config, int attempt) {
        int failures = attempt >= Integer.MAX_VALUE - 1 ? Integer.MAX_VALUE : attempt + 1;
        return backoff(config).delay(failures).toMillis();
    }

    /** A socket that stayed open this long resets the back-off. */
    static Duration healthyPeriod(MarketChannelConfig config) {
        return config.backoffMax();
    }

    /**
     * How often the liveness and snapshot watchdog looks: often enough for the shortest timeout.
     */
    static long watchdogPeriodMs(MarketChannelConfig config) {
        long shortest =
                Math.min(
                        Math.min(
                                config.pingInterval().toMillis(),
                                config.snapshotTimeout().toMillis()),
                        Math.min(config.pongTimeout().toMillis(), config.dataTimeout().toMillis()));
        return Math.max(10L, Math.min(1_000L, shortest / 4));
    }

    /** Bounds the TCP connect and, separately, the WebSocket handshake. */
    static long connectTimeoutMs(MarketChannelConfig config) {
        return Math.max(1_000L, config.pongTimeout().toMillis());
    }
}
