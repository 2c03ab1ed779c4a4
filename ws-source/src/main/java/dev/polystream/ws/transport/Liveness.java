package dev.polystream.ws.transport;

/**
 * Whether an open socket is still alive: a {@code PING} unanswered for {@code pongTimeout}, or no
 * data for {@code dataTimeout} while something is subscribed (the silent freeze), means it is not.
 * Confined to the connection's event loop; times in {@link System#nanoTime()}.
 */
final class Liveness {

    private final long pongTimeoutNanos;
    private final long dataTimeoutNanos;
    private long lastDataNanos;
    private long pingOutstandingSinceNanos;

    Liveness(MarketChannelConfig config) {
        this.pongTimeoutNanos = config.pongTimeout().toNanos();
        this.dataTimeoutNanos = config.dataTimeout().toNanos();
    }

    /** A fresh start (socket opened, reading resumed): nothing overdue. */
    void restart(long now) {
        lastDataNanos = now;
        pingOutstandingSinceNanos = 0L;
    }

    /** Market data arrived (or there is newly something to hear): the data clock starts over. */
    void data(long now) {
        lastDataNanos = now;
    }

    void pingSent(long now) {
        if (pingOutstandingSinceNanos == 0L) {
            pingOutstandingSinceNanos = now;
        }
    }

    void pong() {
        pingOutstandingSinceNanos = 0L;
    }

    /** How long no market data came. */
    long silentNanos(long now) {
        return now - lastDataNanos;
    }

    /**
     * @param subscribed whether data is expected at all
     * @return why the socket is dead ({@link ReconnectCause#PONG_TIMEOUT} or {@link
     *     ReconnectCause#DATA_TIMEOUT}), or null while it is alive
     */
    ReconnectCause expired(long now, boolean subscribed) {
        if (pingOutstandingSinceNanos != 0L && now - pingOutstandingSinceNanos > pongTimeoutNanos) {
            return ReconnectCause.PONG_TIMEOUT;
        }
        if (subscribed && now - lastDataNanos > dataTimeoutNanos) {
            return ReconnectCause.DATA_TIMEOUT;
        }
        return null;
    }
}
