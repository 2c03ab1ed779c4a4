package dev.polystream.ws.transport;

import java.util.Locale;

/** Why a socket was replaced by a new one: a metric label. */
public enum ReconnectCause {
    /** TCP connect, TLS or the WebSocket handshake failed (or timed out). */
    CONNECT_FAILED,
    /** The server sent a close frame (1000, 1001, 1008, ...). */
    SERVER_CLOSED,
    /** The socket dropped without a close frame (1006), or failed with an I/O error. */
    CONNECTION_LOST,
    /** No {@code PONG} within {@code ws.pong-timeout}. */
    PONG_TIMEOUT,
    /** No data within {@code ws.data-timeout} while subscribed: the silent freeze. */
    DATA_TIMEOUT,
    /** A single frame over {@code ws.max-frame-bytes} (the decoder drops the socket). */
    OVERSIZED_FRAME,
    /**
     * {@code INVALID OPERATION} answered a subscribe whose snapshots are still missing: the server
     * refused our operation, and only a new socket's initial subscription is known to work.
     */
    SUBSCRIPTION_REFUSED;

    /** Lower-case name for metric identifiers: {@code pong_timeout}. */
    public String metricName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
