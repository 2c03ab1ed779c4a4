package dev.polystream.ws;

/** The market event a {@link PriceTick} was derived from. */
public enum TickKind {
    BOOK,
    PRICE_CHANGE,
    LAST_TRADE,
    BEST_BID_ASK,
    TICK_SIZE_CHANGE,
    /** {@code market_resolved}: the price is 1 for the winning token and 0 for the others. */
    RESOLVED,
    /**
     * No event: the book, unchanged since {@code exchangeTimeMs}, was still live on a healthy
     * socket at {@code receivedAtMs}. Lets a quiet token's price stay fresh (and prices positions
     * opened on it) without a write for every second.
     */
    CONFIRMATION
}
