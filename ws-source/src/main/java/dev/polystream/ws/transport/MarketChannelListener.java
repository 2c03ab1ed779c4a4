package dev.polystream.ws.transport;

import dev.polystream.ws.PriceTick;
import java.util.List;

/**
 * Receives what the market channel delivers. Called on a Netty event-loop thread: return quickly,
 * never block, and hand work to another thread if it is slow. Exceptions are logged and swallowed.
 */
public interface MarketChannelListener {

    /** The ticks of one frame, in order; never called with an empty list. */
    void onTicks(List<PriceTick> ticks);

    /** A connection changed state. */
    default void onConnectionStateChanged(ConnectionStateChange change) {}

    /**
     * Every text frame exactly as received (decoded from UTF-8), before it is parsed (to record
     * capture files). Off the hot path unless overridden: frames are decoded into a {@code String}
     * for it only when a listener overrides it.
     */
    default void onRawFrame(int connectionId, String frame, long receivedAtMs) {}

    /** The tokens of an active market a {@code new_market} frame announced, as parsed. */
    default void onNewMarket(List<String> tokenIds) {}
}
