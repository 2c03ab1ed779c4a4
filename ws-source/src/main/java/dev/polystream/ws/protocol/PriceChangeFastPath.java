package dev.polystream.ws.protocol;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A hand-written reader for the one frame shape that dominates the feed: a single current-schema
 * {@code price_change} object. It either produces exactly the event Jackson's path would, or
 * declines (returns null) and Jackson reads the frame: any escape, number, nested unknown value,
 * syntax doubt, missing or unreadable field, or field that belongs to another event type makes it
 * decline. It never reports errors; that is Jackson's job. {@code PriceChangeFastPathTest} holds
 * the two paths to the same results on mutated frames. The frame's UTF-8 bytes are read where they
 * lie by a {@link FrameCursor} (no {@code String} of the frame is made); known keys are recognised
 * by a fixed-length comparison, without searching for their end.
 *
 * <p>Why: creating a Jackson parser per frame costs about as much as reading the frame. Not
 * thread-safe (reuses a buffer; shares its parser's {@link TextCache}).
 */
final class PriceChangeFastPath {

    private static final FrameCursor.Decline DECLINE = FrameCursor.DECLINE;

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

    // Known keys with their closing quote, matched right after the opening one.
    private static final byte[] MARKET = quoted("market");
    private static final byte[] TIMESTAMP = quoted("timestamp");
    private static final byte[] EVENT_TYPE = quoted("event_type");
    private static final byte[] PRICE_CHANGES = quoted("price_changes");
    private static final byte[] ASSET_ID = quoted("asset_id");
    private static final byte[] PRICE = quoted("price");
    private static final byte[] SIZE = quoted("size");
    private static final byte[] SIDE = quoted("side");
    private static final byte[] HASH = quoted("hash");
    private static final byte[] BEST_BID = quoted("best_bid");
    private static final byte[] BEST_ASK = quoted("best_ask");
    private static final byte[] PRICE_CHANGE_TYPE =
            PriceChangeEvent.TYPE.getBytes(StandardCharsets.US_ASCII);

    // What a key turned out to be.
    private static final int OTHER = 0;
    private static final int K_MARKET = 1;
    private static final int K_TIMESTAMP = 2;
    private static final int K_EVENT_TYPE = 3;
    private static final int K_PRICE_CHANGES = 4;
    private static final int K_ASSET_ID = 5;
    private static final int K_PRICE = 6;
    private static final int K_SIZE = 7;
    private static final int K_SIDE = 8;
    private static final int K_HASH = 9;
    private static final int K_BEST_BID = 10;
    private static final int K_BEST_ASK = 11;

    private final TextCache cache;
    private final boolean entryHashes;
    private final FrameCursor c = new FrameCursor();
    private final IdReader ids;

    PriceChangeFastPath(TextCache cache, boolean entryHashes) {
        this.cache = cache;
        this.entryHashes = entryHashes;
        this.ids = new IdReader(c, cache);
    }

    private static byte[] quoted(String key) {
        return (key + '"').getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * {@link #parse(byte[], int, int)} of the frame's UTF-8 encoding. A frame beyond ASCII is left
     * to Jackson at once, as its bytes would be (and a lone surrogate, which has no UTF-8 form, is
     * not mistaken for the {@code ?} an encoder puts in its place).
     */
    PriceChangeEvent parse(String frame) {
        if (frame.chars().anyMatch(ch -> ch > 0x7F)) {
            return null;
        }
        byte[] ascii = frame.getBytes(StandardCharsets.US_ASCII);
        return parse(ascii, 0, ascii.length);
    }

    /**
     * The event, or null when Jackson must read the frame {@code utf8[offset, offset + length)}.
     * The bytes are only read during the call.
     */
    PriceChangeEvent parse(byte[] utf8, int offset, int length) {
        c.reset(utf8, offset, length);
        try {
            return object();
        } catch (FrameCursor.Decline | ArrayIndexOutOfBoundsException e) {
            return null;
        }
    }

    private PriceChangeEvent object() {
        c.ws();
        c.expect('{');
        String market = null;
        long timestamp = 0L;
        boolean priceChange = false;
        List<PriceChange> changes = null;
        do {
            c.ws();
            int key = topLevelKey();
            int keyStart = c.strStart;
            int keyLength = c.strLength;
            c.colon();
            switch (key) {
                case K_MARKET:
                    market = ids.read(IdReader.MARKET);
                    break;
                case K_TIMESTAMP:
                    c.string();
                    timestamp = timestamp();
                    break;
                case K_EVENT_TYPE:
                    c.string();
                    if (!c.is(c.strStart, c.strLength, PRICE_CHANGE_TYPE)) {
                        throw DECLINE;
                    }
                    priceChange = true;
                    break;
                case K_PRICE_CHANGES:
                    changes = entries();
                    break;
                default:
                    if (KNOWN_TOP_LEVEL.contains(c.printable(keyStart, keyLength))) {
                        throw DECLINE;
                    }
                    c.skipScalar();
            }
            c.ws();
        } while (c.next() == ',' || c.declineUnlessClosing('}'));
        c.ws();
        if (c.pos != c.end || !priceChange || changes == null) {
            throw DECLINE;
        }
        return new PriceChangeEvent(
                market, timestamp, changes, PriceChangeSchema.PRICE_CHANGES, null);
    }

    /** A top-level key: a known one, or {@link #OTHER} with the cursor's string set to it. */
    private int topLevelKey() {
        c.expect('"');
        switch (c.peek()) {
            case 'm':
                if (c.keyIs(MARKET)) {
                    return K_MARKET;
                }
                break;
            case 't':
                if (c.keyIs(TIMESTAMP)) {
                    return K_TIMESTAMP;
                }
                break;
            case 'e':
                if (c.keyIs(EVENT_TYPE)) {
                    return K_EVENT_TYPE;
                }
                break;
            case 'p':
                if (c.keyIs(PRICE_CHANGES)) {
                    return K_PRICE_CHANGES;
                }
                break;
            default:
                break;
        }
        c.restOfString();
        return OTHER;
    }

    /** The entries, built once as the immutable list the event keeps (its copy is a no-op). */
    private List<PriceChange> entries() {
        c.expect('[');
        c.ws();
        if (c.peek() == ']') {
            c.pos++;
            return List.of();
        }
        PriceChange first = null;
        PriceChange second = null;
        List<PriceChange> more = null;
        int n = 0;
        do {
            c.ws();
            PriceChange change = entry();
            if (n == 0) {
                first = change;
            } else if (n == 1) {
                second = change;
            } else {
                if (more == null) {
                    more = new ArrayList<>(8);
                    more.add(first);
                    more.add(second);
                }
                more.add(change);
            }
            n++;
            c.ws();
        } while (c.next() == ',' || c.declineUnlessClosing(']'));
        if (n == 1) {
            return List.of(first);
        }
        return n == 2 ? List.of(first, second) : List.copyOf(more);
    }

    private PriceChange entry() {
        c.expect('{');
        String assetId = null;
        BigDecimal price = null;
        BigDecimal size = null;
        Side side = null;
        String hash = null;
        BigDecimal bestBid = null;
        BigDecimal bestAsk = null;
        do {
            c.ws();
            int key = entryKey();
            int keyStart = c.strStart;
            int keyLength = c.strLength;
            c.colon();
            switch (key) {
                case K_ASSET_ID:
                    assetId = ids.read(IdReader.ASSET_ID);
                    break;
                case K_PRICE:
                    c.string();
                    price = decimal(false);
                    break;
                case K_SIZE:
                    c.string();
                    size = uncachedDecimal();
                    break;
                case K_SIDE:
                    c.string();
                    side = side();
                    break;
                case K_HASH:
                    c.printableString();
                    hash = entryHashes ? c.text(c.strStart, c.strLength) : null;
                    break;
                case K_BEST_BID:
                    c.string();
                    bestBid = decimal(true);
                    break;
                case K_BEST_ASK:
                    c.string();
                    bestAsk = decimal(true);
                    break;
                default:
                    c.requirePrintable(keyStart, keyLength);
                    c.skipScalar();
            }
            c.ws();
        } while (c.next() == ',' || c.declineUnlessClosing('}'));
        if (assetId == null || price == null || size == null || side == null) {
            throw DECLINE;
        }
        return new PriceChange(assetId, price, size, side, hash, bestBid, bestAsk);
    }

    /** An entry's key: a known one, or {@link #OTHER} with the cursor's string set to it. */
    private int entryKey() {
        c.expect('"');
        switch (c.peek()) {
            case 'a':
                if (c.keyIs(ASSET_ID)) {
                    return K_ASSET_ID;
                }
                break;
            case 'p':
                if (c.keyIs(PRICE)) {
                    return K_PRICE;
                }
                break;
            case 's':
                if (c.keyIs(SIZE)) {
                    return K_SIZE;
                }
                if (c.keyIs(SIDE)) {
                    return K_SIDE;
                }
                break;
            case 'h':
                if (c.keyIs(HASH)) {
                    return K_HASH;
                }
                break;
            case 'b':
                if (c.keyIs(BEST_BID)) {
                    return K_BEST_BID;
                }
                if (c.keyIs(BEST_ASK)) {
                    return K_BEST_ASK;
                }
                break;
            default:
                break;
        }
        c.restOfString();
        return OTHER;
    }

    // ---------------------------------------------------------------------------------------
    // Values of the string just read.

    private BigDecimal decimal(boolean emptyIsAbsent) {
        if (c.strLength == 0) {
            if (emptyIsAbsent) {
                return null;
            }
            throw DECLINE;
        }
        BigDecimal value = cache.decimal(c.buf, c.strStart, c.strLength);
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
        if (c.strLength == 0) {
            throw DECLINE;
        }
        BigDecimal value = ScalarDecoder.toDecimal(c.buf, c.strStart, c.strLength);
        if (value == null) {
            throw DECLINE;
        }
        return value;
    }

    private Side side() {
        Side side = ScalarDecoder.quickSide(c.buf, c.strStart, c.strLength);
        if (side == null) {
            throw DECLINE;
        }
        return side;
    }

    private long timestamp() {
        if (c.strLength == 0) {
            return 0L;
        }
        long value = ScalarDecoder.toLong(c.buf, c.strStart, c.strLength);
        if (value < 0) {
            throw DECLINE;
        }
        return value;
    }
}
