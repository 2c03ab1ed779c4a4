package dev.polystream.ws.book;

import dev.polystream.ws.PriceSource;
import dev.polystream.ws.PriceTick;
import java.util.List;
import java.util.function.Predicate;

/**
 * Turns raw market-channel text frames into {@link PriceTick}s: parses, keeps one order book per
 * token, applies the displayed-price rule. Used by the live connection and by replay alike. Not
 * thread-safe: one instance per connection (or per replay).
 */
public final class MarketFeedProcessor {

    /**
     * @param source stamped on every tick
     * @param subscribed which tokens' events are kept (events for other tokens are dropped); replay
     *     passes {@code token -> true}
     */
    public MarketFeedProcessor(PriceSource source, Predicate<String> subscribed) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Applies one frame exactly as received. Never throws on bad input: a malformed frame yields no
     * ticks and is counted.
     */
    public List<PriceTick> onFrame(String frame, long receivedAtMs) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
