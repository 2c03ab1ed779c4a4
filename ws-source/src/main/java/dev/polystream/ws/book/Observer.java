package dev.polystream.ws.book;

import dev.polystream.ws.protocol.NewMarketEvent;

/**
 * Told about book life-cycle events of a {@link MarketFeedProcessor}, synchronously, on the
 * processor's thread. The connection uses it for its snapshot watchdog, the REST fallback, hash
 * resyncs and announced markets.
 */
public interface Observer {

    /** A {@code book} snapshot for the token was applied. */
    default void onSnapshot(String tokenId) {}

    /**
     * The token's book drifted (its hash stopped verifying): unsubscribe and subscribe it again for
     * a fresh snapshot.
     */
    default void onResyncNeeded(String tokenId) {}

    /** A {@code new_market} announcement was read (catalogue news, no price). */
    default void onNewMarket(NewMarketEvent announced) {}
}
