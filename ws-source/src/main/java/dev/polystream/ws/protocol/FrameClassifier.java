package dev.polystream.ws.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Sorts a text frame before any JSON is read: empty, one of the plain-text control frames ({@code
 * PONG}, {@code NO NEW ASSETS}, {@code INVALID OPERATION}), unknown text, or JSON to be parsed.
 */
final class FrameClassifier {

    private FrameClassifier() {}

    /** Classifies the plain-text control frames; null for anything else (JSON or not). */
    static FrameKind controlFrame(String frame) {
        if (frame == null || frame.isEmpty() || frame.length() > 40) {
            return null;
        }
        char c = frame.charAt(0);
        if (c == '{' || c == '[') {
            return null;
        }
        String text = frame.strip();
        if (text.equalsIgnoreCase("PONG")) {
            return FrameKind.PONG;
        }
        if (text.equalsIgnoreCase("NO NEW ASSETS")) {
            return FrameKind.NO_NEW_ASSETS;
        }
        if (text.equalsIgnoreCase("INVALID OPERATION")) {
            return FrameKind.INVALID_OPERATION;
        }
        return null;
    }

    /**
     * {@link #controlFrame(String)} of UTF-8 bytes: only a short frame not opening JSON is decoded.
     */
    static FrameKind controlFrame(byte[] utf8, int length) {
        if (length == 0 || length > 40 || utf8[0] == '{' || utf8[0] == '[') {
            return null;
        }
        return controlFrame(new String(utf8, 0, length, StandardCharsets.UTF_8));
    }

    /**
     * The whole answer for a frame that is not JSON (empty, control, unknown text); null when the
     * frame starts like JSON and must be parsed.
     */
    static ParsedFrame nonJson(String frame) {
        if (frame == null || frame.isEmpty() || (frame.charAt(0) <= ' ' && frame.isBlank())) {
            return ParsedFrame.malformed(ParseErrorKind.EMPTY_FRAME, "empty frame");
        }
        FrameKind control = controlFrame(frame);
        if (control == FrameKind.PONG) {
            return ParsedFrame.PONG;
        } else if (control == FrameKind.NO_NEW_ASSETS) {
            return ParsedFrame.NO_NEW_ASSETS;
        } else if (control == FrameKind.INVALID_OPERATION) {
            return ParsedFrame.INVALID_OPERATION;
        }
        char first = firstNonWhitespace(frame);
        if (first != '{' && first != '[') {
            return ParsedFrame.malformed(
                    ParseErrorKind.UNKNOWN_TEXT, ScalarDecoder.abbreviate(frame));
        }
        return null;
    }

    /**
     * The first byte that is not JSON whitespace, as a character; a space when there is none. Only
     * decides whether the fast path may try a frame: it declines anything else by itself.
     */
    static char firstNonWhitespace(byte[] utf8, int length) {
        for (int i = 0; i < length; i++) {
            byte b = utf8[i];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return (char) (b & 0xFF);
            }
        }
        return ' ';
    }

    /** The first character that is not whitespace; a space when there is none. */
    static char firstNonWhitespace(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c;
            }
        }
        return ' ';
    }
}
