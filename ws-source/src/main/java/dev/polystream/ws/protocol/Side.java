package dev.polystream.ws.protocol;

/** Side of a book level or of a trade's taker: {@code BUY} = bid side, {@code SELL} = ask side. */
public enum Side {
    BUY,
    SELL;

    /** The opposite side: where a YES level shows up on the mirrored NO book. */
    public Side opposite() {
        return this == BUY ? SELL : BUY;
    }

    /** Parses {@code "BUY"}/{@code "SELL"} case-insensitively; null when it is neither. */
    public static Side parse(String text) {
        if (text == null) {
            return null;
        }
        if ("BUY".equalsIgnoreCase(text)) {
            return BUY;
        }
        if ("SELL".equalsIgnoreCase(text)) {
            return SELL;
        }
        return null;
    }
}
