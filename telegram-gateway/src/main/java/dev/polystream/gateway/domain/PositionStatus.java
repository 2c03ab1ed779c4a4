package dev.polystream.gateway.domain;

/** The {@code positions.status} values. */
public enum PositionStatus {
    ACTIVE("active"),
    CLOSED("closed"),
    /** Set when the market resolves; the gateway does not close resolved positions. */
    RESOLVED("resolved");

    private final String sqlValue;

    PositionStatus(String sqlValue) {
        this.sqlValue = sqlValue;
    }

    public String sqlValue() {
        return sqlValue;
    }

    public static PositionStatus fromSql(String value) {
        for (PositionStatus status : values()) {
            if (status.sqlValue.equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("Unknown position status '" + value + "'");
    }
}
