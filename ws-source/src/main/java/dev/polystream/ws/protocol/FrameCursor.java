package dev.polystream.ws.protocol;

/**
 * The {@link PriceChangeFastPath}'s cursor over one frame's characters: whitespace, punctuation,
 * keys and strings, each either read or refused by throwing {@link #DECLINE} (the frame then goes
 * to Jackson). A frame holding a backslash is refused at once (see {@link #reset}), so a string
 * ends at its next quote; raw control characters are refused by whoever reads a value ({@link
 * #requirePrintable}, exact keywords, digits, the id cache). Not thread-safe (reuses a buffer).
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

    /** Strings up to this long are scanned by a loop, longer ones by {@link String#indexOf}. */
    private static final int SHORT_STRING = 16;

    char[] buf = new char[2048];
    int pos;
    int end;
    // The last string read: buf[strStart, strStart + strLength).
    int strStart;
    int strLength;
    private String frame;

    /**
     * Starts on a frame; false when it holds a backslash. A backslash can only stand in a string
     * (anywhere else it is a syntax error), and an escape makes the fast path decline: one
     * vectorised search settles it for the whole frame.
     */
    boolean reset(String frame) {
        if (frame.indexOf('\\') >= 0) {
            return false;
        }
        this.frame = frame;
        int n = frame.length();
        if (buf.length < n) {
            buf = new char[Math.max(n, buf.length * 2)];
        }
        frame.getChars(0, n, buf, 0);
        pos = 0;
        end = n;
        return true;
    }

    /** A string: sets {@link #strStart}/{@link #strLength}; its characters are not checked. */
    void string() {
        expect('"');
        restOfString();
    }

    /** {@link #string} after its opening quote. */
    void restOfString() {
        char[] b = buf;
        int start = pos;
        // Keys and numbers are short: a loop; ids are long: the JDK's vectorised search.
        int shortEnd = Math.min(end, start + SHORT_STRING);
        int close = -1;
        for (int p = start; p < shortEnd; p++) {
            if (b[p] == '"') {
                close = p;
                break;
            }
        }
        if (close < 0) {
            close = shortEnd < end ? frame.indexOf('"', shortEnd) : -1;
            if (close < 0) {
                throw DECLINE;
            }
        }
        strStart = start;
        strLength = close - start;
        pos = close + 1;
    }

    /**
     * A string that must be printable (a hash, an unknown field's value): one pass finds its end
     * and refuses a control character before it, where {@link #string} and {@link
     * #requirePrintable} would read it twice. Sets {@link #strStart}/{@link #strLength}.
     */
    void printableString() {
        expect('"');
        char[] b = buf;
        int start = pos;
        for (int p = start, e = end; p < e; p++) {
            char ch = b[p];
            if (ch == '"') {
                strStart = start;
                strLength = p - start;
                pos = p + 1;
                return;
            }
            if (ch < 0x20) {
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
    boolean keyIs(char[] quoted) {
        int n = quoted.length;
        if (pos + n > end) {
            return false;
        }
        char[] b = buf;
        for (int i = 0; i < n; i++) {
            if (b[pos + i] != quoted[i]) {
                return false;
            }
        }
        pos += n;
        return true;
    }

    /** Declines when the text holds a control character (JSON allows none raw in a string). */
    void requirePrintable(int start, int length) {
        char[] b = buf;
        for (int p = start, e = start + length; p < e; p++) {
            if (b[p] < 0x20) {
                throw DECLINE;
            }
        }
    }

    String printable(int start, int length) {
        requirePrintable(start, length);
        return new String(buf, start, length);
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
            char after = buf[pos + n];
            if (after != ',' && after != '}' && after != ']' && !isWhitespace(after)) {
                return false;
            }
        }
        pos += n;
        return true;
    }

    boolean is(int start, int length, char[] text) {
        if (length != text.length) {
            return false;
        }
        char[] b = buf;
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
    private static boolean isWhitespace(char c) {
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

    char peek() {
        return pos < end ? buf[pos] : 0;
    }

    char next() {
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
