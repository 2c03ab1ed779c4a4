package dev.polystream.gateway.domain;

/** The {@code alerts.kind} values. */
public enum AlertKind {
    /** The token's displayed price rises to the threshold or above. */
    PRICE_ABOVE("price_above"),
    /** The token's displayed price falls to the threshold or below. */
    PRICE_BELOW("price_below"),
    /** A position's P&L in percent reaches the threshold (its sign gives the direction). */
    PNL_PERCENT("pnl_percent"),
    /** A position's P&L in USDC reaches the threshold (its sign gives the direction). */
    PNL_AMOUNT("pnl_amount"),
    /**
     * Not set by a trader: the market of a wallet position they see resolved. Inserted already
     * fired, once per trader and position; {@code fired_value} is the settlement price per share.
     */
    RESOLVED("resolved");

    private final String sqlValue;

    AlertKind(String sqlValue) {
        this.sqlValue = sqlValue;
    }

    public String sqlValue() {
        return sqlValue;
    }

    public boolean isPnl() {
        return this == PNL_PERCENT || this == PNL_AMOUNT;
    }

    public static AlertKind fromSql(String value) {
        for (AlertKind kind : values()) {
            if (kind.sqlValue.equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("Unknown alert kind '" + value + "'");
    }
}
