package dev.polystream.ws.transport;

/**
 * A connection changed state.
 *
 * @param connectionId stable for the life of the logical connection (across its sockets)
 * @param reason why, for logs: "handshake complete", "no PONG within PT30S", "server closed 1006",
 *     ...
 * @param tokens tokens assigned to the connection at that moment
 * @param reconnectDelayMs for {@link ConnectionState#DISCONNECTED}: when the next socket opens; 0
 *     otherwise
 */
public record ConnectionStateChange(
        int connectionId,
        ConnectionState state,
        String reason,
        int tokens,
        long reconnectDelayMs) {}
