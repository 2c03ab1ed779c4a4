package dev.polystream.gateway.domain;

/** The {@code positions.source} values. */
public enum PositionSource {
    /** Opened by a paper trade in the bot. */
    PAPER("paper"),
    /** A holding of a linked wallet, synced from Polymarket's Data API. */
    WALLET("wallet");

    private final String sqlValue;

    PositionSource(String sqlValue) {
        this.sqlValue = sqlValue;
    }

    public String sqlValue() {
        return sqlValue;
    }

    public static PositionSource fromSql(String value) {
        for (PositionSource source : values()) {
            if (source.sqlValue.equals(value)) {
                return source;
            }
        }
        throw new IllegalArgumentException("Unknown position source '" + value + "'");
    }
}
