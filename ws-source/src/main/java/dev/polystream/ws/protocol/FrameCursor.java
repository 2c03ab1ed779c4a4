package dev.polystream.ws.protocol;

import java.nio.charset.StandardCharsets;

/**
 * The {@link PriceChangeFastPath}'s cursor over one frame's UTF-8 bytes, read where they lie (no
 * copy, no decoding): whitespace, punctuation, keys and strings, each either read or refused by
 * throwing {@link #DECLINE} (the frame then goes to Jackson). A string holding a backslash is
 * refused where it is scanned (and the text cache only answers for texts without one), so a string
 * ends at its next quote. Raw control characters and bytes beyond ASCII are refused by whoever
 * reads a value ({@link #requirePrintable}, exact keywords, digits, the id cache): bytes are
 * signed, so one {@code < 0x20} test refuses both, and whatever the fast path reads is ASCII, whose
 * UTF-8 and ISO-8859-1 readings agree. Not thread-safe.
 */
final class FrameCursor {

    /** Declines without a stack trace: a frame the fast path leaves to Jackson. */
    static final class Decline extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Decline() {
            super("declined", null, false, false);
        }
    }

    static final Decline DECLINE = new Decline();

    byte[] buf = new byte[0];
    int pos;
    int end;
    // The last string read: buf[strStart, strStart + strLength).
    int strStart;
    int strLength;

    /** Starts on the frame {@code utf8[offset, offset + length)}, read in place until the next. */
    void reset(byte[] utf8, int offset, int length) {
        buf = utf8;
        pos = offset;
        end = offset + length;
    }

    /**
     * A string: sets {@link #strStart}/{@link #strLength}; its characters are not checked beyond
     * refusing a backslash.
     */
    void string() {
        expect('"');
        restOfString();
    }

    /** {@link #string} after its opening quote; declines a string holding a backslash. */
    void restOfString() {
        scanString(false);
    }

    /**
     * A string that must be printable (a hash, an unknown field's value): one pass finds its end
     * and refuses a control character, a byte beyond ASCII or a backslash before it, where {@link
     * #string} and {@link #requirePrintable} would read it twice. Sets {@link #strStart}/{@link
     * #strLength}.
     */
    void printableString() {
        expect('"');
        scanString(true);
    }

    /** From after an opening quote to past the closing one; {@code printable} as above. */
    private void scanString(boolean printable) {
        byte[] b = buf;
        int start = pos;
        for (int p = start, e = end; p < e; p++) {
            byte ch = b[p];
            if (ch == '"') {
                strStart = start;
                strLength = p - start;
                pos = p + 1;
                return;
            }
            if (ch == '\\' || (printable && ch < 0x20)) {
                throw DECLINE;
            }
        }
        throw DECLINE;
    }

    /**
     * After a key's opening quote: true, past the closing quote, when the key is {@code quoted}
     * (its name and the closing quote); false, not moved, otherwise. A fixed-length comparison, no
     * search for the quote.
     */
    boolean keyIs(byte[] quoted) {
        int n = quoted.length;
        if (pos + n > end) {
            return false;
        }
        byte[] b = buf;
        for (int i = 0; i < n; i++) {
            if (b[pos + i] != quoted[i]) {
                return false;
            }
        }
        pos += n;
        return true;
    }

    /**
     * Declines when the text holds a control character (JSON allows none raw in a string) or a byte
     * beyond ASCII (signed, so below {@code 0x20} too).
     */
    void requirePrintable(int start, int length) {
        byte[] b = buf;
        for (int p = start, e = start + length; p < e; p++) {
            if (b[p] < 0x20) {
                throw DECLINE;
            }
        }
    }

    String printable(int start, int length) {
        requirePrintable(start, length);
        return text(start, length);
    }

    /** The text of bytes already found printable (so ASCII, read alike in any of its encodings). */
    String text(int start, int length) {
        return new String(buf, start, length, StandardCharsets.ISO_8859_1);
    }

    /** An unknown field's value: a plain string or {@code true}/{@code false}/{@code null}. */
    void skipScalar() {
        if (peek() == '"') {
            printableString();
        } else if (!literal("true") && !literal("false") && !literal("null")) {
            throw DECLINE;
        }
    }

    private boolean literal(String word) {
        int n = word.length();
        if (pos + n > end) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (buf[pos + i] != word.charAt(i)) {
                return false;
            }
        }
        // a literal must end at a delimiter ("nullx" is not JSON)
        if (pos + n < end) {
            byte after = buf[pos + n];
            if (after != ',' && after != '}' && after != ']' && !isWhitespace(after)) {
                return false;
            }
        }
        pos += n;
        return true;
    }

    boolean is(int start, int length, byte[] text) {
        if (length != text.length) {
            return false;
        }
        byte[] b = buf;
        for (int i = 0; i < length; i++) {
            if (b[start + i] != text[i]) {
                return false;
            }
        }
        return true;
    }

    void ws() {
        while (pos < end && isWhitespace(buf[pos])) {
            pos++;
        }
    }

    /** JSON's four whitespace characters; nothing else. */
    private static boolean isWhitespace(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    void expect(char c) {
        if (pos >= end || buf[pos] != c) {
            throw DECLINE;
        }
        pos++;
    }

    /** {@code ws()}, a colon, {@code ws()}: between a key and its value. */
    void colon() {
        ws();
        expect(':');
        ws();
    }

    byte peek() {
        return pos < end ? buf[pos] : 0;
    }

    byte next() {
        if (pos >= end) {
            throw DECLINE;
        }
        return buf[pos++];
    }

    /** After a value: the character just read must close the container, else decline. */
    boolean declineUnlessClosing(char closing) {
        if (buf[pos - 1] != closing) {
            throw DECLINE;
        }
        return false;
    }
}
