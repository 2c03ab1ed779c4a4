package dev.polystream.ws.protocol;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A hand-written reader for the one frame shape that dominates the feed: a single current-schema
 * {@code price_change} object. It either produces exactly the event Jackson's path would, or
 * declines (returns null) and Jackson reads the frame: any escape, number, nested unknown value,
 * syntax doubt, missing or unreadable field, or field that belongs to another event type makes it
 * decline. It never reports errors; that is Jackson's job. {@code MarketMessageParserFuzzTest}
 * holds the two paths to the same results on mutated frames.
 *
 * <p>Why: creating a Jackson parser per frame costs about as much as reading the frame. Not
 * thread-safe (reuses a buffer; shares its parser's {@link TextCache}).
 */
final class PriceChangeFastPath {

    /** Declines without a stack trace: a frame the fast path leaves to Jackson. */
    private static final class Decline extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Decline() {
            super("declined", null, false, false);
        }
    }

    private static final Decline DECLINE = new Decline();

    /** Strings up to this long are scanned by a loop, longer ones by {@link String#indexOf}. */
    private static final int SHORT_STRING = 16;

    /**
     * Top-level keys the general reader gives a meaning: present in a {@code price_change}, they
     * could change its outcome (a malformed {@code price}, say, fails the element there).
     */
    private static final Set<String> KNOWN_TOP_LEVEL =
            Set.of(
                    "asset_id",
                    "hash",
                    "bids",
                    "asks",
                    "tick_size",
                    "last_trade_price",
                    "changes",
                    "price",
                    "size",
                    "side",
                    "old_tick_size",
                    "new_tick_size",
                    "fee_rate_bps",
                    "transaction_hash",
                    "best_bid",
                    "best_ask",
                    "spread",
                    "id",
                    "question",
                    "slug",
                    "assets_ids",
                    "clob_token_ids",
                    "outcomes",
                    "tags",
                    "winning_asset_id",
                    "winning_outcome",
                    "condition_id",
                    "active",
                    "order_price_min_tick_size",
                    "group_item_title",
                    "min_order_size",
                    "neg_risk");

    // Keys as char arrays: comparing them needs no String decoding.
    private static final char[] MARKET = "market".toCharArray();
    private static final char[] TIMESTAMP = "timestamp".toCharArray();
    private static final char[] EVENT_TYPE = "event_type".toCharArray();
    private static final char[] PRICE_CHANGES = "price_changes".toCharArray();
    private static final char[] ASSET_ID = "asset_id".toCharArray();
    private static final char[] PRICE = "price".toCharArray();
    private static final char[] SIZE = "size".toCharArray();
    private static final char[] SIDE = "side".toCharArray();
    private static final char[] HASH = "hash".toCharArray();
    private static final char[] BEST_BID = "best_bid".toCharArray();
    private static final char[] BEST_ASK = "best_ask".toCharArray();
    private static final char[] PRICE_CHANGE_TYPE = PriceChangeEvent.TYPE.toCharArray();

    private final TextCache cache;
    private final boolean entryHashes;
    // The frame being read; buf holds its characters.
    private String frame;
    private char[] buf = new char[2048];
    private int pos;
    private int end;
    // The last string read: buf[strStart, strStart + strLength).
    private int strStart;
    private int strLength;

    PriceChangeFastPath(TextCache cache, boolean entryHashes) {
        this.cache = cache;
        this.entryHashes = entryHashes;
    }

    /** The event, or null when Jackson must read the frame. */
    PriceChangeEvent parse(String frame) {
        // A backslash can only stand in a string (anywhere else it is a syntax error), and a string
        // with an escape makes this reader decline: one vectorised search settles it for the whole
        // frame, so the strings are then read by looking for their closing quote alone.
        if (frame.indexOf('\\') >= 0) {
            return null;
        }
        this.frame = frame;
        int n = frame.length();
        if (buf.length < n) {
            buf = new char[Math.max(n, buf.length * 2)];
        }
        frame.getChars(0, n, buf, 0);
        pos = 0;
        end = n;
        try {
            return object();
        } catch (Decline | ArrayIndexOutOfBoundsException e) {
            return null;
        }
    }

    private PriceChangeEvent object() {
        ws();
        expect('{');
        String market = null;
        long timestamp = 0L;
        boolean priceChange = false;
        List<PriceChange> changes = null;
        do {
            ws();
            string();
            int keyStart = strStart;
            int keyLength = strLength;
            ws();
            expect(':');
            ws();
            if (is(keyStart, keyLength, MARKET)) {
                string();
                market = id();
            } else if (is(keyStart, keyLength, TIMESTAMP)) {
                string();
                timestamp = timestamp();
            } else if (is(keyStart, keyLength, EVENT_TYPE)) {
                string();
                if (!is(strStart, strLength, PRICE_CHANGE_TYPE)) {
                    throw DECLINE;
                }
                priceChange = true;
            } else if (is(keyStart, keyLength, PRICE_CHANGES)) {
                changes = entries();
            } else if (KNOWN_TOP_LEVEL.contains(printable(keyStart, keyLength))) {
                throw DECLINE;
            } else {
                skipScalar();
            }
            ws();
        } while (next() == ',' || declineUnlessClosing('}'));
        ws();
        if (pos != end || !priceChange || changes == null) {
            throw DECLINE;
        }
        return new PriceChangeEvent(
                market, timestamp, changes, PriceChangeSchema.PRICE_CHANGES, null);
    }

    private List<PriceChange> entries() {
        expect('[');
        List<PriceChange> changes = new ArrayList<>(4);
        ws();
        if (peek() == ']') {
            pos++;
            return changes;
        }
        do {
            ws();
            changes.add(entry());
            ws();
        } while (next() == ',' || declineUnlessClosing(']'));
        return changes;
    }

    private PriceChange entry() {
        expect('{');
        String assetId = null;
        BigDecimal price = null;
        BigDecimal size = null;
        Side side = null;
        String hash = null;
        BigDecimal bestBid = null;
        BigDecimal bestAsk = null;
        do {
            ws();
            string();
            int keyStart = strStart;
            int keyLength = strLength;
            ws();
            expect(':');
            ws();
            if (is(keyStart, keyLength, ASSET_ID)) {
                string();
                assetId = id();
            } else if (is(keyStart, keyLength, PRICE)) {
                string();
                price = decimal(false);
            } else if (is(keyStart, keyLength, SIZE)) {
                string();
                size = uncachedDecimal();
            } else if (is(keyStart, keyLength, SIDE)) {
                string();
                side = side();
            } else if (is(keyStart, keyLength, HASH)) {
                string();
                requirePrintable(strStart, strLength);
                hash = entryHashes ? new String(buf, strStart, strLength) : null;
            } else if (is(keyStart, keyLength, BEST_BID)) {
                string();
                bestBid = decimal(true);
            } else if (is(keyStart, keyLength, BEST_ASK)) {
                string();
                bestAsk = decimal(true);
            } else {
                requirePrintable(keyStart, keyLength);
                skipScalar();
            }
            ws();
        } while (next() == ',' || declineUnlessClosing('}'));
        if (assetId == null || price == null || size == null || side == null) {
            throw DECLINE;
        }
        return new PriceChange(assetId, price, size, side, hash, bestBid, bestAsk);
    }

    // ---------------------------------------------------------------------------------------

    /**
     * A string: sets {@link #strStart}/{@link #strLength}. The frame has no backslash (see {@link
     * #parse}), so the string ends at the next quote. Its characters are not checked here: every
     * value is checked by what reads it (exact keywords, digits, {@link #id}, {@link
     * #requirePrintable} for the rest), since JSON refuses a raw control character in a string.
     */
    private void string() {
        expect('"');
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

    /** The string just read as an id, through the cache; declines on a control character. */
    private String id() {
        String id = cache.printableString(buf, strStart, strLength);
        if (id == null) {
            throw DECLINE;
        }
        return id;
    }

    /** Declines when the text holds a control character (JSON allows none raw in a string). */
    private void requirePrintable(int start, int length) {
        char[] b = buf;
        for (int p = start, e = start + length; p < e; p++) {
            if (b[p] < 0x20) {
                throw DECLINE;
            }
        }
    }

    private String printable(int start, int length) {
        requirePrintable(start, length);
        return new String(buf, start, length);
    }

    /** An unknown field's value: a plain string or {@code true}/{@code false}/{@code null}. */
    private void skipScalar() {
        if (peek() == '"') {
            string();
            requirePrintable(strStart, strLength);
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

    private BigDecimal decimal(boolean emptyIsAbsent) {
        if (strLength == 0) {
            if (emptyIsAbsent) {
                return null;
            }
            throw DECLINE;
        }
        BigDecimal value = cache.decimal(buf, strStart, strLength);
        if (value == null) {
            throw DECLINE;
        }
        return value;
    }

    /**
     * A size: they rarely repeat, so the cache would only miss (a cold slot's key compared, a new
     * key stored) on every entry. The same value the cache would give.
     */
    private BigDecimal uncachedDecimal() {
        if (strLength == 0) {
            throw DECLINE;
        }
        BigDecimal value = ScalarDecoder.toDecimal(buf, strStart, strLength);
        if (value == null) {
            throw DECLINE;
        }
        return value;
    }

    private Side side() {
        if (strLength == 3
                && buf[strStart] == 'B'
                && buf[strStart + 1] == 'U'
                && buf[strStart + 2] == 'Y') {
            return Side.BUY;
        }
        if (strLength == 4
                && buf[strStart] == 'S'
                && buf[strStart + 1] == 'E'
                && buf[strStart + 2] == 'L'
                && buf[strStart + 3] == 'L') {
            return Side.SELL;
        }
        throw DECLINE;
    }

    private long timestamp() {
        if (strLength == 0) {
            return 0L;
        }
        long value = ScalarDecoder.toLong(buf, strStart, strLength);
        if (value < 0) {
            throw DECLINE;
        }
        return value;
    }

    private boolean is(int start, int length, char[] text) {
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

    private void ws() {
        while (pos < end && isWhitespace(buf[pos])) {
            pos++;
        }
    }

    /** JSON's four whitespace characters; nothing else. */
    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    private void expect(char c) {
        if (pos >= end || buf[pos] != c) {
            throw DECLINE;
        }
        pos++;
    }

    private char peek() {
        return pos < end ? buf[pos] : 0;
    }

    private char next() {
        if (pos >= end) {
            throw DECLINE;
        }
        return buf[pos++];
    }

    /** After a value: the character just read must close the container, else decline. */
    private boolean declineUnlessClosing(char closing) {
        if (buf[pos - 1] != closing) {
            throw DECLINE;
        }
        return false;
    }
}
