package dev.polystream.ws.protocol;

/** What a server-to-client text frame was, before looking at its events. */
public enum FrameKind {
    /** JSON: one event object or an array of them ({@code []} included). */
    JSON,
    /** Text {@code PONG}, the answer to our text {@code PING}. */
    PONG,
    /** Text {@code INVALID OPERATION}: we sent a second initial subscription, or similar. */
    INVALID_OPERATION,
    /** Text {@code NO NEW ASSETS}: a custom-feature heartbeat, ignored. */
    NO_NEW_ASSETS,
    /** Anything that could not be read; see the frame's errors. */
    MALFORMED;

    /** True for frames that carry market data, which the data watchdog counts as liveness. */
    public boolean isData() {
        return this == JSON;
    }
}
