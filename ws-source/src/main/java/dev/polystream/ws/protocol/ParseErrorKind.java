package dev.polystream.ws.protocol;

/** Classification of unreadable input, used as a counter key. */
public enum ParseErrorKind {
    /** An empty or blank frame. */
    EMPTY_FRAME,
    /** Non-JSON text other than the known control strings. */
    UNKNOWN_TEXT,
    /** Not well-formed JSON: syntax error or truncated frame. The whole frame is dropped. */
    INVALID_JSON,
    /** Well-formed JSON of the wrong shape: a top-level scalar, an array element not an object. */
    UNEXPECTED_JSON,
    /** An event object without {@code event_type}. */
    MISSING_EVENT_TYPE,
    /** A known event without a field it cannot do without (e.g. {@code asset_id}). */
    MISSING_FIELD,
    /** A field whose value cannot be read: a price that is not a decimal, an unknown side. */
    INVALID_VALUE,
    /** A {@code price_change} in none of the three known shapes. */
    UNKNOWN_PRICE_CHANGE_SCHEMA
}
