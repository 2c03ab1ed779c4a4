package dev.polystream.ws.book;

/**
 * Told about book life-cycle events of a {@link MarketFeedProcessor}, synchronously, on the
 * processor's thread. The connection uses it for its snapshot watchdog, the REST fallback and hash
 * resyncs.
 */
public interface Observer {

    /** A {@code book} snapshot for the token was applied. */
    default void onSnapshot(String tokenId) {}

    /**
     * The token's book drifted (its hash stopped verifying): unsubscribe and subscribe it again for
     * a fresh snapshot.
     */
    default void onResyncNeeded(String tokenId) {}
}
