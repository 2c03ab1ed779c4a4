package dev.polystream.ws.book;

/** How far a {@link MarketFeedProcessor} verifies the book {@code hash} (§2.9). A hint only. */
public enum HashCheck {
    /** Never. */
    OFF,
    /** On {@code book} snapshots only: cheap, they are rare; never leads to a resync. */
    SNAPSHOTS,
    /**
     * Also the hash of each token's book after each {@code price_change}: one SHA-1 over the
     * serialised book per message and token. Repeated mismatches on a token whose hash verified
     * before ask for a fresh snapshot (see {@link Options}).
     */
    ENTRIES
}
