package dev.polystream.ws.user;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reads the scalar fields of user-channel events as sent: strings (numbers as strings, exact
 * decimals), times in seconds, milliseconds or RFC 3339. A value that cannot be read throws {@link
 * BadField} with a one-line message naming the field (never the whole event).
 */
final class UserFields {

    /** Above this, an epoch number is in milliseconds (10^11 s is the year 5138). */
    private static final long MILLIS_THRESHOLD = 100_000_000_000L;

    private static final int MAX_ECHO = 40;

    /** One field could not be read. */
    static final class BadField extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadField(String message) {
            super(message, null, false, false);
        }
    }

    private UserFields() {}

    /** The field as text; "" when absent or null. */
    static String text(JsonNode event, String field) {
        JsonNode v = event.get(field);
        return v == null || v.isNull() ? "" : v.asText("");
    }

    /** The field as text; {@link BadField} when absent or empty. */
    static String required(JsonNode event, String field) {
        String t = text(event, field);
        if (t.isEmpty()) {
            throw new BadField("missing " + field);
        }
        return t;
    }

    /** An exact decimal from a string or a number; {@link BadField} when absent or unreadable. */
    static BigDecimal decimal(JsonNode event, String field) {
        BigDecimal d = optionalDecimal(event, field);
        if (d == null) {
            throw new BadField("missing " + field);
        }
        return d;
    }

    /** An exact decimal; null when absent, null or {@code ""}; {@link BadField} when unreadable. */
    static BigDecimal optionalDecimal(JsonNode event, String field) {
        JsonNode v = event.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.decimalValue();
        }
        String t = v.asText("").strip();
        if (t.isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(t);
        } catch (NumberFormatException e) {
            throw new BadField("bad number in " + field + ": " + echo(t));
        }
    }

    /**
     * An epoch time in seconds or milliseconds (told apart by size), or RFC 3339; null when absent,
     * {@code ""} or {@code "0"} with {@code zeroIsNull}.
     */
    static Instant time(JsonNode event, String field, boolean zeroIsNull) {
        JsonNode v = event.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        String t = v.asText("").strip();
        if (t.isEmpty()) {
            return null;
        }
        try {
            long n = Long.parseLong(t);
            if (n == 0 && zeroIsNull) {
                return null;
            }
            return n >= MILLIS_THRESHOLD ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n);
        } catch (NumberFormatException notAnInteger) {
            try {
                return OffsetDateTime.parse(t).toInstant();
            } catch (DateTimeParseException e) {
                throw new BadField("bad time in " + field + ": " + echo(t));
            }
        }
    }

    /** A value cut short for a message. */
    static String echo(String value) {
        return value.length() <= MAX_ECHO ? value : value.substring(0, MAX_ECHO) + "...";
    }
}
