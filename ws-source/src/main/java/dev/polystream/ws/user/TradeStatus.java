package dev.polystream.ws.user;

/**
 * Where a trade is on its way to the chain (§3.2, §16): {@code MATCHED → MINED → CONFIRMED}, or
 * {@code RETRYING → FAILED}. The same trade id is re-sent at each step.
 */
public enum TradeStatus {
    MATCHED,
    MINED,
    CONFIRMED,
    RETRYING,
    FAILED;

    private static final String REST_PREFIX = "TRADE_STATUS_";

    /**
     * Reads a status as the user channel ({@code "CONFIRMED"}) or the REST API ({@code
     * "TRADE_STATUS_CONFIRMED"}) spells it, in any case; null when it is none of the known ones.
     */
    public static TradeStatus parse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip().toUpperCase(java.util.Locale.ROOT);
        if (t.startsWith(REST_PREFIX)) {
            t = t.substring(REST_PREFIX.length());
        }
        for (TradeStatus s : values()) {
            if (s.name().equals(t)) {
                return s;
            }
        }
        return null;
    }

    /**
     * Whether nothing follows: the fill is final ({@link #CONFIRMED}) or dead ({@link #FAILED}).
     */
    public boolean isFinal() {
        return this == CONFIRMED || this == FAILED;
    }
}
