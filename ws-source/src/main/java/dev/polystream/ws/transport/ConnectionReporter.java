package dev.polystream.ws.transport;

import dev.polystream.ws.protocol.NewMarketEvent;
import dev.polystream.ws.resilience.OutageLog;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the listener what a connection has for it (state changes, raw frames, announced markets),
 * swallowing and logging the listener's failures; and tells a connection's state changes and to the
 * log once per outage: a lost socket starts one ("outage began", then "still failing" at most once
 * a minute, through {@link OutageLog}), the next open socket ends it ("recovered"); the attempts in
 * between are DEBUG lines.
 */
final class ConnectionReporter {

    private static final Logger LOG = LoggerFactory.getLogger(MarketConnection.class);

    private final MarketChannelListener listener;
    private final boolean wantsRawFrames;
    private final OutageLog outage;

    ConnectionReporter(int connectionId, MarketChannelListener listener) {
        this.listener = listener;
        this.wantsRawFrames = overridesRawFrames(listener);
        this.outage = new OutageLog(LOG, "Market channel connection " + connectionId);
    }

    /** The interface's {@code onRawFrame} does nothing: a listener that keeps it needs no text. */
    private static boolean overridesRawFrames(MarketChannelListener listener) {
        try {
            return listener.getClass()
                            .getMethod("onRawFrame", int.class, String.class, long.class)
                            .getDeclaringClass()
                    != MarketChannelListener.class;
        } catch (NoSuchMethodException e) {
            return true;
        }
    }

    void report(ConnectionStateChange change) {
        ConnectionState next = change.state();
        if (next == ConnectionState.DISCONNECTED) {
            outage.failure(
                    change.reason()
                            + "; "
                            + change.tokens()
                            + " tokens, reconnecting in "
                            + change.reconnectDelayMs()
                            + " ms");
        } else if (next == ConnectionState.OPEN && outage.failing()) {
            outage.answered();
        } else if (next == ConnectionState.CONNECTING && outage.failing()) {
            LOG.debug("Connection {} {}: {}", change.connectionId(), next, change.reason());
        } else {
            LOG.info("Connection {} {}: {}", change.connectionId(), next, change.reason());
        }
        try {
            listener.onConnectionStateChanged(change);
        } catch (RuntimeException e) {
            LOG.warn("Market channel listener failed on a state change", e);
        }
    }

    /**
     * Whether the listener takes raw frames (overrides {@link MarketChannelListener#onRawFrame}):
     * only then is each frame decoded into a {@code String} for it.
     */
    boolean wantsRawFrames() {
        return wantsRawFrames;
    }

    /** A frame's UTF-8 bytes, decoded for the listener when it takes raw frames. */
    void rawFrame(int connectionId, byte[] utf8, int length, long receivedAtMs) {
        if (!wantsRawFrames) {
            return;
        }
        String text = new String(utf8, 0, length, StandardCharsets.UTF_8);
        try {
            listener.onRawFrame(connectionId, text, receivedAtMs);
        } catch (RuntimeException e) {
            LOG.warn("Market channel listener failed on a raw frame", e);
        }
    }

    /** An active market's announcement goes to the listener; an inactive one is not news. */
    void newMarket(NewMarketEvent announced) {
        if (Boolean.FALSE.equals(announced.active())) {
            return;
        }
        try {
            listener.onNewMarket(announced.assetIds());
        } catch (RuntimeException e) {
            LOG.warn("Market channel listener failed on a new market", e);
        }
    }
}
