package dev.polystream.ws.transport;

/** Lifecycle of one market-channel connection (one socket at a time). */
public enum ConnectionState {
    /** TCP connect, TLS and WebSocket handshake in progress. */
    CONNECTING,
    /** Handshake done, initial subscription sent, heartbeat running. */
    OPEN,
    /** The socket is gone; a brand-new one is scheduled after a back-off. */
    DISCONNECTED,
    /** Closed on purpose; never reconnects. */
    CLOSED
}
