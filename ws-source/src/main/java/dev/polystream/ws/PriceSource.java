package dev.polystream.ws;

/**
 * Where a tick's prices came from. The sinks write {@link #column()} to the {@code source} columns.
 */
public enum PriceSource {
    /** The live market-channel WebSocket. */
    WS("ws"),
    /** REST {@code POST /books} polling while a token's socket is down. */
    POLL("poll"),
    /** A capture file replayed through the pipeline. */
    REPLAY("replay"),
    /** Polymarket's Gamma catalogue (a market it reports closed and settled). */
    GAMMA("gamma");

    private final String column;

    PriceSource(String column) {
        this.column = column;
    }

    /** The value stored in {@code markets.source}, {@code token_prices.source}. */
    public String column() {
        return column;
    }
}
