package dev.polystream.ws.protocol;

import static dev.polystream.ws.protocol.ScalarDecoder.abbreviate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Reads the scalar at the parser's current token with the wire's tolerance: numbers as JSON strings
 * or numbers, {@code ""} as absent, recurring ids and short prices through the {@link TextCache}. A
 * value the event depends on records its problem in the {@link ElementError}; metadata is lenient.
 * Not thread-safe (the cache).
 */
final class ScalarReader {

    private final TextCache cache;
    // The current string token's characters as ASCII bytes, for the cache and the decoders.
    private byte[] ascii = new byte[128];

    ScalarReader(TextCache cache) {
        this.cache = cache;
    }

    /**
     * Copies the current string token's characters into {@link #ascii}: their length, or -1 when
     * one lies beyond ASCII (then no id, decimal, side or timestamp is read from them).
     */
    private int ascii(JsonParser p) throws IOException {
        char[] chars = p.getTextCharacters();
        int offset = p.getTextOffset();
        int length = p.getTextLength();
        if (ascii.length < length) {
            ascii = new byte[Math.max(length, ascii.length * 2)];
        }
        byte[] out = ascii;
        for (int i = 0; i < length; i++) {
            char c = chars[offset + i];
            if (c > 0x7F) {
                return -1;
            }
            out[i] = (byte) c;
        }
        return length;
    }

    static String readString(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        if (token.isScalarValue()) {
            return token == JsonToken.VALUE_NULL ? null : p.getText();
        }
        p.skipChildren();
        return null;
    }

    /** Ids recur in every message: canonical instances save allocation and hashing. */
    String readId(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            int length = ascii(p);
            return length < 0 ? p.getText() : cache.string(ascii, 0, length);
        }
        return readString(p);
    }

    static Boolean readBoolean(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_TRUE) {
            return Boolean.TRUE;
        }
        if (token == JsonToken.VALUE_FALSE) {
            return Boolean.FALSE;
        }
        if (token == JsonToken.VALUE_STRING) {
            String text = p.getText();
            if ("true".equalsIgnoreCase(text)) {
                return Boolean.TRUE;
            }
            if ("false".equalsIgnoreCase(text)) {
                return Boolean.FALSE;
            }
            return null;
        }
        p.skipChildren();
        return null;
    }

    Side readSide(JsonParser p, ElementError el) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token == JsonToken.VALUE_STRING) {
            int length = ascii(p);
            Side side = length < 0 ? null : ScalarDecoder.quickSide(ascii, 0, length);
            if (side == null) {
                side = Side.parse(p.getText());
            }
            if (side == null) {
                el.fail(ParseErrorKind.INVALID_VALUE, "side " + abbreviate(p.getText()));
            }
            return side;
        }
        p.skipChildren();
        el.fail(ParseErrorKind.INVALID_VALUE, "side is " + token);
        return null;
    }

    /** A decimal the event depends on: a bad value fails the element. {@code ""} = absent. */
    BigDecimal readDecimal(JsonParser p, ElementError el, String field) throws IOException {
        JsonToken token = p.currentToken();
        switch (token) {
            case VALUE_STRING -> {
                int length = ascii(p);
                if (length == 0) {
                    return null;
                }
                BigDecimal value = length < 0 ? null : cache.decimal(ascii, 0, length);
                if (value == null) {
                    el.fail(
                            ParseErrorKind.INVALID_VALUE,
                            field + " is not a decimal: " + abbreviate(p.getText()));
                }
                return value;
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                BigDecimal value = ScalarDecoder.bounded(p.getDecimalValue());
                if (value == null) {
                    el.fail(ParseErrorKind.INVALID_VALUE, field + " out of range");
                }
                return value;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> {
                p.skipChildren();
                el.fail(ParseErrorKind.INVALID_VALUE, field + " is " + token);
                return null;
            }
        }
    }

    /** A decimal of descriptive metadata: a bad value is ignored (null), never fatal. */
    BigDecimal readLenientDecimal(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_STRING) {
            int length = ascii(p);
            return length < 0 ? null : ScalarDecoder.toDecimal(ascii, 0, length);
        }
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return ScalarDecoder.bounded(p.getDecimalValue());
        }
        p.skipChildren();
        return null;
    }

    long readTimestamp(JsonParser p, ElementError el) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_STRING) {
            int length = ascii(p);
            if (length == 0) {
                return 0L;
            }
            long value = length < 0 ? -1L : ScalarDecoder.toLong(ascii, 0, length);
            if (value < 0) {
                el.fail(
                        ParseErrorKind.INVALID_VALUE,
                        "timestamp is not epoch millis: " + abbreviate(p.getText()));
                return 0L;
            }
            return value;
        }
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        if (token == JsonToken.VALUE_NULL) {
            return 0L;
        }
        p.skipChildren();
        el.fail(ParseErrorKind.INVALID_VALUE, "timestamp is " + token);
        return 0L;
    }
}
