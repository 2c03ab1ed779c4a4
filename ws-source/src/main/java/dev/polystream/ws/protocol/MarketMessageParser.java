package dev.polystream.ws.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads market-channel text frames into {@link MarketEvent}s with Jackson's streaming parser, in
 * one pass and without a tree. Never throws on bad input: problems come back as {@link ParseError}s
 * in the {@link ParsedFrame}.
 *
 * <p>Tolerance rules (see the protocol notes §2.5, §2.6, §2.8): the control strings are matched
 * after trimming and case-insensitively; frames may be a single object or an array; unknown fields
 * and unknown {@code event_type}s are skipped; numbers are accepted as JSON strings (the wire form)
 * or JSON numbers; {@code ""} in an optional decimal means "absent".
 *
 * <p>Not thread-safe: an instance caches recurring ids and prices between frames. Use one per
 * thread (a {@code MarketFeedProcessor} owns one).
 */
public final class MarketMessageParser {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    /**
     * Decimals beyond these bounds are refused: a price like {@code 1e-999999999} is valid
     * BigDecimal syntax, but adding it to {@code 0.5} would allocate a billion digits.
     */
    private static final int MAX_DECIMAL_SCALE = 40;

    private static final int MAX_DECIMAL_PRECISION = 40;

    private static final int MAX_DETAIL_CHARS = 160;

    /** Classifies the plain-text control frames; null for anything else (JSON or not). */
    public static FrameKind controlFrame(String frame) {
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

    private final TextCache cache = new TextCache(4096, 4096);
    private final boolean entryHashes;
    private final PriceChangeFastPath fastPath;

    /** A parser that keeps every field it models. */
    public MarketMessageParser() {
        this(true);
    }

    /**
     * @param entryHashes false to leave {@link PriceChange#hash()} null: the per-entry hashes are
     *     the one field of the hot {@code price_change} path that only hash verification reads, and
     *     reading them costs two strings per message
     */
    public MarketMessageParser(boolean entryHashes) {
        this(entryHashes, true);
    }

    /**
     * @param fastPath false to read every frame with Jackson (to compare the two paths)
     */
    MarketMessageParser(boolean entryHashes, boolean fastPath) {
        this.entryHashes = entryHashes;
        this.fastPath = fastPath ? new PriceChangeFastPath(cache, entryHashes) : null;
    }

    /** Parses one frame exactly as received. */
    public ParsedFrame parse(String frame) {
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
            return ParsedFrame.malformed(ParseErrorKind.UNKNOWN_TEXT, abbreviate(frame));
        }
        if (first == '{' && fastPath != null) {
            PriceChangeEvent event = fastPath.parse(frame);
            if (event != null) {
                return new ParsedFrame(FrameKind.JSON, List.of(event), List.of());
            }
        }
        return readObjects(frame, null, "frame");
    }

    /**
     * Parses a CLOB REST body holding {@code OrderBookSummary} objects ({@code POST /books}: an
     * array; {@code GET /book}: one object) into {@link BookEvent}s carrying {@code min_order_size}
     * and {@code neg_risk}. Never throws; {@code {"error":...}} bodies and other surprises come
     * back as errors.
     */
    public ParsedFrame parseBooks(String body) {
        if (body == null || body.isBlank()) {
            return ParsedFrame.malformed(ParseErrorKind.EMPTY_FRAME, "empty body");
        }
        return readObjects(body, BookEvent.TYPE, "body");
    }

    /**
     * Reads a JSON text holding one event object or an array of them; never throws.
     *
     * @param defaultType see {@link #readEvent}
     * @param what "frame" or "body", for the error messages
     */
    private ParsedFrame readObjects(String text, String defaultType, String what) {
        Frame out = new Frame();
        try (JsonParser p = JSON.createParser(text)) {
            JsonToken token = p.nextToken();
            if (token == JsonToken.START_ARRAY) {
                while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (token == null) {
                        return ParsedFrame.malformed(
                                ParseErrorKind.INVALID_JSON, "unexpected end of " + what);
                    }
                    if (token == JsonToken.START_OBJECT) {
                        readEvent(p, out, defaultType);
                    } else {
                        p.skipChildren();
                        out.error(ParseErrorKind.UNEXPECTED_JSON, "array element is " + token);
                    }
                }
            } else if (token == JsonToken.START_OBJECT) {
                readEvent(p, out, defaultType);
            } else {
                return ParsedFrame.malformed(ParseErrorKind.UNEXPECTED_JSON, "top level " + token);
            }
            if (p.nextToken() != null) {
                return ParsedFrame.malformed(
                        ParseErrorKind.INVALID_JSON, "trailing content after the first value");
            }
        } catch (JsonProcessingException e) {
            return ParsedFrame.malformed(
                    ParseErrorKind.INVALID_JSON, abbreviate(e.getOriginalMessage()));
        } catch (IOException | RuntimeException e) {
            // Reading from a String cannot do I/O; a RuntimeException here would be a parser bug,
            // and the contract is that a frame never throws.
            return ParsedFrame.malformed(ParseErrorKind.INVALID_JSON, abbreviate(e.toString()));
        }
        return new ParsedFrame(FrameKind.JSON, out.events(), out.errors());
    }

    // ---------------------------------------------------------------------------------------
    // Event objects

    /**
     * @param defaultType the event type of objects without {@code event_type} (REST bodies), or
     *     null to report those as {@link ParseErrorKind#MISSING_EVENT_TYPE}
     */
    private void readEvent(JsonParser p, Frame out, String defaultType) throws IOException {
        Element el = out.element();
        String eventType = null;
        String minOrderSize = null;
        Boolean negRisk = null;
        String assetId = null;
        String market = null;
        String hash = null;
        String transactionHash = null;
        String id = null;
        String question = null;
        String slug = null;
        String winningAssetId = null;
        String winningOutcome = null;
        String groupItemTitle = null;
        String conditionId = null;
        Side side = null;
        long timestamp = 0L;
        BigDecimal price = null;
        BigDecimal size = null;
        BigDecimal tickSize = null;
        BigDecimal lastTradePrice = null;
        BigDecimal oldTickSize = null;
        BigDecimal newTickSize = null;
        BigDecimal feeRateBps = null;
        BigDecimal bestBid = null;
        BigDecimal bestAsk = null;
        BigDecimal spread = null;
        BigDecimal minTickSize = null;
        Boolean active = null;
        List<PriceLevel> bids = null;
        List<PriceLevel> asks = null;
        List<PriceChange> priceChanges = null;
        List<PriceChange> legacyChanges = null;
        List<String> assetsIds = null;
        List<String> clobTokenIds = null;
        List<String> outcomes = null;
        List<String> tags = null;

        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken value = p.nextToken();
            switch (name) {
                case "event_type" -> eventType = readString(p);
                case "asset_id" -> assetId = readId(p);
                case "market" -> market = readId(p);
                case "timestamp" -> timestamp = readTimestamp(p, el);
                case "hash" -> hash = readString(p);
                case "bids" -> bids = readLevels(p, el, "bids");
                case "asks" -> asks = readLevels(p, el, "asks");
                case "tick_size" -> tickSize = readDecimal(p, el, name);
                case "last_trade_price" -> lastTradePrice = readDecimal(p, el, name);
                case "price_changes" -> priceChanges = readPriceChanges(p, el);
                case "changes" -> legacyChanges = readLegacyChanges(p, el);
                case "price" -> price = readDecimal(p, el, name);
                case "size" -> size = readDecimal(p, el, name);
                case "side" -> side = readSide(p, el);
                case "old_tick_size" -> oldTickSize = readDecimal(p, el, name);
                case "new_tick_size" -> newTickSize = readDecimal(p, el, name);
                case "fee_rate_bps" -> feeRateBps = readLenientDecimal(p);
                case "transaction_hash" -> transactionHash = readString(p);
                case "best_bid" -> bestBid = readDecimal(p, el, name);
                case "best_ask" -> bestAsk = readDecimal(p, el, name);
                case "spread" -> spread = readLenientDecimal(p);
                case "id" -> id = readString(p);
                case "question" -> question = readString(p);
                case "slug" -> slug = readString(p);
                case "assets_ids" -> assetsIds = readStrings(p);
                case "clob_token_ids" -> clobTokenIds = readStrings(p);
                case "outcomes" -> outcomes = readStrings(p);
                case "tags" -> tags = readStrings(p);
                case "winning_asset_id" -> winningAssetId = readString(p);
                case "winning_outcome" -> winningOutcome = readString(p);
                case "condition_id" -> conditionId = readString(p);
                case "active" -> active = readBoolean(p);
                case "order_price_min_tick_size" -> minTickSize = readLenientDecimal(p);
                case "group_item_title" -> groupItemTitle = readString(p);
                case "min_order_size" -> minOrderSize = readString(p);
                case "neg_risk" -> negRisk = readBoolean(p);
                default -> {
                    if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                        p.skipChildren();
                    }
                }
            }
        }

        if (eventType == null) {
            eventType = defaultType;
        }
        if (eventType == null) {
            out.error(ParseErrorKind.MISSING_EVENT_TYPE, "object without event_type");
            return;
        }
        if (el.kind != null) {
            out.error(el.kind, eventType + ": " + el.detail);
            return;
        }
        String type = eventType;
        switch (type) {
            case BookEvent.TYPE,
                    PriceChangeEvent.TYPE,
                    TickSizeChangeEvent.TYPE,
                    LastTradePriceEvent.TYPE,
                    BestBidAskEvent.TYPE,
                    NewMarketEvent.TYPE,
                    MarketResolvedEvent.TYPE -> {}
            default -> type = eventType.toLowerCase(Locale.ROOT);
        }
        switch (type) {
            case BookEvent.TYPE -> {
                if (assetId == null) {
                    out.missing(type, "asset_id");
                    return;
                }
                out.add(
                        new BookEvent(
                                market,
                                assetId,
                                timestamp,
                                bids == null ? List.of() : bids,
                                asks == null ? List.of() : asks,
                                hash,
                                tickSize,
                                lastTradePrice,
                                minOrderSize,
                                negRisk));
            }
            case PriceChangeEvent.TYPE -> {
                if (priceChanges != null) {
                    out.add(
                            new PriceChangeEvent(
                                    market,
                                    timestamp,
                                    priceChanges,
                                    PriceChangeSchema.PRICE_CHANGES,
                                    null));
                } else if (legacyChanges != null) {
                    if (assetId == null) {
                        out.missing(type, "asset_id");
                        return;
                    }
                    List<PriceChange> changes = new ArrayList<>(legacyChanges.size());
                    for (PriceChange c : legacyChanges) {
                        changes.add(
                                new PriceChange(
                                        assetId, c.price(), c.size(), c.side(), null, null, null));
                    }
                    out.add(
                            new PriceChangeEvent(
                                    market,
                                    timestamp,
                                    changes,
                                    PriceChangeSchema.LEGACY_CHANGES,
                                    hash));
                } else if (price != null) {
                    if (assetId == null || size == null || side == null) {
                        out.missing(type, "asset_id/size/side of the flat schema");
                        return;
                    }
                    out.add(
                            new PriceChangeEvent(
                                    market,
                                    timestamp,
                                    List.of(
                                            new PriceChange(
                                                    assetId, price, size, side, null, null, null)),
                                    PriceChangeSchema.LEGACY_FLAT,
                                    hash));
                } else {
                    out.error(
                            ParseErrorKind.UNKNOWN_PRICE_CHANGE_SCHEMA,
                            "price_change without price_changes, changes or price");
                }
            }
            case TickSizeChangeEvent.TYPE -> {
                if (assetId == null || newTickSize == null) {
                    out.missing(type, assetId == null ? "asset_id" : "new_tick_size");
                    return;
                }
                out.add(
                        new TickSizeChangeEvent(
                                market, assetId, oldTickSize, newTickSize, timestamp));
            }
            case LastTradePriceEvent.TYPE -> {
                if (assetId == null || price == null) {
                    out.missing(type, assetId == null ? "asset_id" : "price");
                    return;
                }
                out.add(
                        new LastTradePriceEvent(
                                market,
                                assetId,
                                price,
                                size,
                                side,
                                feeRateBps,
                                timestamp,
                                transactionHash));
            }
            case BestBidAskEvent.TYPE -> {
                if (assetId == null) {
                    out.missing(type, "asset_id");
                    return;
                }
                out.add(new BestBidAskEvent(market, assetId, bestBid, bestAsk, spread, timestamp));
            }
            case NewMarketEvent.TYPE -> {
                List<String> ids = assetsIds != null ? assetsIds : clobTokenIds;
                out.add(
                        new NewMarketEvent(
                                id,
                                market != null ? market : conditionId,
                                question,
                                slug,
                                ids == null ? List.of() : ids,
                                outcomes == null ? List.of() : outcomes,
                                tags == null ? List.of() : tags,
                                active,
                                minTickSize,
                                groupItemTitle,
                                timestamp));
            }
            case MarketResolvedEvent.TYPE -> {
                if (assetsIds == null && winningAssetId == null) {
                    out.missing(type, "assets_ids and winning_asset_id");
                    return;
                }
                out.add(
                        new MarketResolvedEvent(
                                id,
                                market,
                                assetsIds == null ? List.of() : assetsIds,
                                winningAssetId,
                                winningOutcome,
                                question,
                                slug,
                                outcomes == null ? List.of() : outcomes,
                                tags == null ? List.of() : tags,
                                timestamp));
            }
            default -> out.add(new UnknownEvent(eventType, market, timestamp));
        }
    }

    private List<PriceChange> readPriceChanges(JsonParser p, Element el) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            el.fail(ParseErrorKind.INVALID_VALUE, "price_changes is not an array");
            p.skipChildren();
            return null;
        }
        List<PriceChange> changes = new ArrayList<>(4);
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.START_OBJECT) {
                el.fail(ParseErrorKind.INVALID_VALUE, "price_changes entry is " + token);
                p.skipChildren();
                continue;
            }
            String assetId = null;
            String hash = null;
            Side side = null;
            BigDecimal price = null;
            BigDecimal size = null;
            BigDecimal bestBid = null;
            BigDecimal bestAsk = null;
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken value = p.nextToken();
                switch (name) {
                    case "asset_id" -> assetId = readId(p);
                    case "price" -> price = readDecimal(p, el, name);
                    case "size" -> size = readDecimal(p, el, name);
                    case "side" -> side = readSide(p, el);
                    case "hash" -> hash = entryHashes ? readString(p) : null;
                    case "best_bid" -> bestBid = readDecimal(p, el, name);
                    case "best_ask" -> bestAsk = readDecimal(p, el, name);
                    default -> {
                        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                            p.skipChildren();
                        }
                    }
                }
            }
            if (assetId == null || price == null || size == null || side == null) {
                el.fail(
                        ParseErrorKind.MISSING_FIELD,
                        "price_changes entry needs asset_id, price, size and side");
                continue;
            }
            changes.add(new PriceChange(assetId, price, size, side, hash, bestBid, bestAsk));
        }
        return changes;
    }

    private List<PriceChange> readLegacyChanges(JsonParser p, Element el) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            el.fail(ParseErrorKind.INVALID_VALUE, "changes is not an array");
            p.skipChildren();
            return null;
        }
        List<PriceChange> changes = new ArrayList<>(2);
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.START_OBJECT) {
                el.fail(ParseErrorKind.INVALID_VALUE, "changes entry is " + token);
                p.skipChildren();
                continue;
            }
            Side side = null;
            BigDecimal price = null;
            BigDecimal size = null;
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken value = p.nextToken();
                switch (name) {
                    case "price" -> price = readDecimal(p, el, name);
                    case "size" -> size = readDecimal(p, el, name);
                    case "side" -> side = readSide(p, el);
                    default -> {
                        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                            p.skipChildren();
                        }
                    }
                }
            }
            if (price == null || size == null || side == null) {
                el.fail(ParseErrorKind.MISSING_FIELD, "changes entry needs price, size and side");
                continue;
            }
            // the asset id is filled in from the message once it is known
            changes.add(new PriceChange(null, price, size, side, null, null, null));
        }
        return changes;
    }

    private List<PriceLevel> readLevels(JsonParser p, Element el, String field) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL
                || (token == JsonToken.VALUE_STRING && p.getTextLength() == 0)) {
            return List.of();
        }
        if (token != JsonToken.START_ARRAY) {
            el.fail(ParseErrorKind.INVALID_VALUE, field + " is not an array");
            p.skipChildren();
            return null;
        }
        List<PriceLevel> levels = new ArrayList<>();
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.START_OBJECT) {
                el.fail(ParseErrorKind.INVALID_VALUE, field + " level is " + token);
                p.skipChildren();
                continue;
            }
            BigDecimal price = null;
            BigDecimal size = null;
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken value = p.nextToken();
                if ("price".equals(name)) {
                    price = readDecimal(p, el, field + ".price");
                } else if ("size".equals(name)) {
                    size = readDecimal(p, el, field + ".size");
                } else if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    p.skipChildren();
                }
            }
            if (price == null || size == null) {
                el.fail(ParseErrorKind.MISSING_FIELD, field + " level needs price and size");
                continue;
            }
            levels.add(new PriceLevel(price, size));
        }
        return levels;
    }

    // ---------------------------------------------------------------------------------------
    // Scalars

    private static String readString(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        if (token.isScalarValue()) {
            return token == JsonToken.VALUE_NULL ? null : p.getText();
        }
        p.skipChildren();
        return null;
    }

    /** Ids recur in every message: canonical instances save allocation and hashing. */
    private String readId(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            return cache.string(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        }
        return readString(p);
    }

    private static Boolean readBoolean(JsonParser p) throws IOException {
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

    private static Side readSide(JsonParser p, Element el) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token == JsonToken.VALUE_STRING) {
            Side side = quickSide(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
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

    /** The wire's exact upper-case forms without allocating; null for anything else. */
    private static Side quickSide(char[] c, int o, int length) {
        if (length == 3 && c[o] == 'B' && c[o + 1] == 'U' && c[o + 2] == 'Y') {
            return Side.BUY;
        }
        if (length == 4 && c[o] == 'S' && c[o + 1] == 'E' && c[o + 2] == 'L' && c[o + 3] == 'L') {
            return Side.SELL;
        }
        return null;
    }

    private static List<String> readStrings(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            return null;
        }
        List<String> values = new ArrayList<>(2);
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                p.skipChildren();
            } else if (token != JsonToken.VALUE_NULL) {
                values.add(p.getText());
            }
        }
        return values;
    }

    /** A decimal the event depends on: a bad value fails the element. {@code ""} = absent. */
    private BigDecimal readDecimal(JsonParser p, Element el, String field) throws IOException {
        JsonToken token = p.currentToken();
        switch (token) {
            case VALUE_STRING -> {
                int length = p.getTextLength();
                if (length == 0) {
                    return null;
                }
                BigDecimal value = cache.decimal(p.getTextCharacters(), p.getTextOffset(), length);
                if (value == null) {
                    el.fail(
                            ParseErrorKind.INVALID_VALUE,
                            field + " is not a decimal: " + abbreviate(p.getText()));
                }
                return value;
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                BigDecimal value = bounded(p.getDecimalValue());
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
    private static BigDecimal readLenientDecimal(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_STRING) {
            return toDecimal(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        }
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return bounded(p.getDecimalValue());
        }
        p.skipChildren();
        return null;
    }

    private static long readTimestamp(JsonParser p, Element el) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_STRING) {
            int length = p.getTextLength();
            if (length == 0) {
                return 0L;
            }
            long value = toLong(p.getTextCharacters(), p.getTextOffset(), length);
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

    static BigDecimal toDecimal(char[] chars, int offset, int length) {
        if (length == 0 || length > 64) {
            return null;
        }
        try {
            return bounded(new BigDecimal(chars, offset, length));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static BigDecimal bounded(BigDecimal value) {
        if (value.precision() > MAX_DECIMAL_PRECISION
                || Math.abs(value.scale()) > MAX_DECIMAL_SCALE) {
            return null;
        }
        return value;
    }

    /** Non-negative decimal digits only; -1 otherwise (or past 18 digits). */
    static long toLong(char[] chars, int offset, int length) {
        if (length == 0 || length > 18) {
            return -1L;
        }
        long value = 0L;
        for (int i = offset, end = offset + length; i < end; i++) {
            char c = chars[i];
            if (c < '0' || c > '9') {
                return -1L;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static char firstNonWhitespace(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c;
            }
        }
        return ' ';
    }

    static String abbreviate(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() <= MAX_DETAIL_CHARS
                ? text
                : text.substring(0, MAX_DETAIL_CHARS) + "...(" + text.length() + " chars)";
    }

    // ---------------------------------------------------------------------------------------

    /** Results of one frame. */
    private static final class Frame {
        private final Element element = new Element();
        private List<MarketEvent> events;
        private List<ParseError> errors;

        Element element() {
            element.kind = null;
            element.detail = null;
            return element;
        }

        void add(MarketEvent event) {
            if (events == null) {
                events = new ArrayList<>(2);
            }
            events.add(event);
        }

        void error(ParseErrorKind kind, String detail) {
            if (errors == null) {
                errors = new ArrayList<>(1);
            }
            errors.add(new ParseError(kind, detail));
        }

        void missing(String eventType, String field) {
            error(ParseErrorKind.MISSING_FIELD, eventType + " without " + field);
        }

        List<MarketEvent> events() {
            return events == null ? List.of() : events;
        }

        List<ParseError> errors() {
            return errors == null ? List.of() : errors;
        }
    }

    /** The first problem found inside one event object; the object is still read to its end. */
    private static final class Element {
        ParseErrorKind kind;
        String detail;

        void fail(ParseErrorKind kind, String detail) {
            if (this.kind == null) {
                this.kind = kind;
                this.detail = detail;
            }
        }
    }
}
