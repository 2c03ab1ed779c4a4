package dev.polystream.ws.book;

import dev.polystream.ws.PriceSource;
import dev.polystream.ws.PriceTick;
import dev.polystream.ws.TickKind;
import dev.polystream.ws.protocol.BestBidAskEvent;
import dev.polystream.ws.protocol.BookEvent;
import dev.polystream.ws.protocol.BookHasher;
import dev.polystream.ws.protocol.FrameKind;
import dev.polystream.ws.protocol.LastTradePriceEvent;
import dev.polystream.ws.protocol.MarketEvent;
import dev.polystream.ws.protocol.MarketMessageParser;
import dev.polystream.ws.protocol.MarketResolvedEvent;
import dev.polystream.ws.protocol.ParseError;
import dev.polystream.ws.protocol.ParseErrorKind;
import dev.polystream.ws.protocol.ParsedFrame;
import dev.polystream.ws.protocol.PriceChange;
import dev.polystream.ws.protocol.PriceChangeEvent;
import dev.polystream.ws.protocol.PriceChangeSchema;
import dev.polystream.ws.protocol.TickSizeChangeEvent;
import dev.polystream.ws.protocol.UnknownEvent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns raw market-channel text frames into {@link PriceTick}s: parses, keeps one order book per
 * token, applies the displayed-price rule. Used by the live connection and by replay alike. Not
 * thread-safe: one instance per connection (or per replay).
 *
 * <p>One tick per (event, token): a {@code price_change} touching a token with several entries
 * yields one tick for it, after all its entries. Events for tokens the {@code subscribed} predicate
 * rejects are dropped (the wire sends both tokens of a market, and custom-feature events for every
 * market). {@code new_market} and unknown event types yield no tick.
 */
public final class MarketFeedProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(MarketFeedProcessor.class);

    private static final int MAX_TRACKED_EVENT_TYPES = 64;

    private static final int MAX_SAMPLE_CHARS = 300;

    /** How far to verify the book {@code hash} (§2.9). Verification is a hint only. */
    public enum HashCheck {
        /** Never. */
        OFF,
        /** On {@code book} snapshots: cheap, they are rare. The default. */
        SNAPSHOTS,
        /**
         * Also after every {@code price_changes} entry. Serialises the whole book per entry: meant
         * for tests against the fake server, not for production rates.
         */
        ALL
    }

    /**
     * Market parameters that enter the hash but are not on the WebSocket messages (they come from
     * REST or Gamma).
     */
    public record BookHashParams(String minOrderSize, boolean negRisk) {
        public BookHashParams {
            Objects.requireNonNull(minOrderSize, "minOrderSize");
        }
    }

    /**
     * @param hashCheck how far to verify hashes
     * @param hashParams per token; may return null for unknown tokens, in which case the usual
     *     values (min order size 5, neg risk false or true) are tried
     */
    public record Options(HashCheck hashCheck, Function<String, BookHashParams> hashParams) {

        public Options {
            Objects.requireNonNull(hashCheck, "hashCheck");
            Objects.requireNonNull(hashParams, "hashParams");
        }

        public static Options defaults() {
            return new Options(HashCheck.SNAPSHOTS, token -> null);
        }

        public Options withHashCheck(HashCheck check) {
            return new Options(check, hashParams);
        }
    }

    private static final List<BookHashParams> USUAL_HASH_PARAMS =
            List.of(new BookHashParams("5", false), new BookHashParams("5", true));

    private final PriceSource source;
    private final Predicate<String> subscribed;
    private final Options options;
    private final MarketMessageParser parser;
    private final Map<String, OrderBook> books = new HashMap<>();
    // Scratch lists of onPriceChange, reused: this class is single-threaded.
    private final List<OrderBook> touched = new ArrayList<>();
    private final List<PriceChange> lastEntries = new ArrayList<>();

    // Counters: written on the owning thread only.
    private long frames;
    private long dataFrames;
    private long events;
    private long ticks;
    private long parseErrors;
    private long unknownEvents;
    private long droppedUnsubscribed;
    private long crossedTopsRefused;
    private long hashChecks;
    private long hashMismatches;
    private long pongs;
    private long invalidOperations;
    private long noNewAssets;
    private long processingErrors;
    private long snapshotTradesMirrored;
    private final Map<String, long[]> eventsByType = new HashMap<>();
    private final EnumMap<ParseErrorKind, long[]> parseErrorsByKind =
            new EnumMap<>(ParseErrorKind.class);

    /**
     * @param source stamped on every tick
     * @param subscribed which tokens' events are kept (events for other tokens are dropped); replay
     *     passes {@code token -> true}
     */
    public MarketFeedProcessor(PriceSource source, Predicate<String> subscribed) {
        this(source, subscribed, Options.defaults());
    }

    public MarketFeedProcessor(PriceSource source, Predicate<String> subscribed, Options options) {
        this.source = Objects.requireNonNull(source, "source");
        this.subscribed = Objects.requireNonNull(subscribed, "subscribed");
        this.options = Objects.requireNonNull(options, "options");
        this.parser = new MarketMessageParser(options.hashCheck() == HashCheck.ALL);
    }

    /**
     * Applies one frame exactly as received. Never throws on bad input: a malformed frame yields no
     * ticks and is counted.
     *
     * @param receivedAtMs wall-clock receive time; also the tick time of events without timestamp
     * @return the ticks, in event order; an empty immutable list when there are none
     */
    public List<PriceTick> onFrame(String frame, long receivedAtMs) {
        frames++;
        ParsedFrame parsed;
        try {
            parsed = parser.parse(frame);
        } catch (RuntimeException e) {
            // The parser promises not to throw; keep the promise of this method regardless.
            processingError(frame, e);
            return List.of();
        }
        switch (parsed.kind()) {
            case PONG -> {
                pongs++;
                return List.of();
            }
            case INVALID_OPERATION -> {
                invalidOperations++;
                LOG.warn("Server answered INVALID OPERATION (a second initial subscription?)");
                return List.of();
            }
            case NO_NEW_ASSETS -> {
                noNewAssets++;
                return List.of();
            }
            default -> {}
        }
        for (ParseError error : parsed.errors()) {
            parseError(error, frame);
        }
        if (parsed.kind() != FrameKind.JSON) {
            return List.of();
        }
        dataFrames++;
        List<MarketEvent> frameEvents = parsed.events();
        if (frameEvents.isEmpty()) {
            return List.of();
        }
        List<PriceTick> out = new ArrayList<>(frameEvents.size() == 1 ? 2 : frameEvents.size());
        for (MarketEvent event : frameEvents) {
            events++;
            countEvent(event.eventType());
            try {
                apply(event, receivedAtMs, out);
            } catch (RuntimeException e) {
                processingError(frame, e);
            }
        }
        ticks += out.size();
        return out.isEmpty() ? List.of() : out;
    }

    /** Drops every book: the connection closed, the re-subscription snapshot will rebuild them. */
    public void clear() {
        books.clear();
    }

    /** Drops one token's book (it was unsubscribed). */
    public void forget(String tokenId) {
        books.remove(tokenId);
    }

    /** The token's book, or null when none is held. Read-only view; owning thread only. */
    public OrderBook book(String tokenId) {
        return books.get(tokenId);
    }

    /** Tokens with a book. */
    public Set<String> bookTokens() {
        return Collections.unmodifiableSet(books.keySet());
    }

    /** Frames handed in so far; cheap, for per-frame bookkeeping. */
    public long frameCount() {
        return frames;
    }

    /** Ticks produced so far; cheap. */
    public long tickCount() {
        return ticks;
    }

    /** Parse errors so far (all kinds); cheap. */
    public long parseErrorCount() {
        return parseErrors;
    }

    /** A copy of the counters. Call on the owning thread (or accept slightly stale values). */
    public FeedStats stats() {
        Map<String, Long> byType = new HashMap<>();
        eventsByType.forEach((type, count) -> byType.put(type, count[0]));
        Map<ParseErrorKind, Long> byKind = new EnumMap<>(ParseErrorKind.class);
        parseErrorsByKind.forEach((kind, count) -> byKind.put(kind, count[0]));
        return new FeedStats(
                frames,
                dataFrames,
                events,
                byType,
                ticks,
                parseErrors,
                byKind,
                unknownEvents,
                droppedUnsubscribed,
                crossedTopsRefused,
                hashChecks,
                hashMismatches,
                pongs,
                invalidOperations,
                noNewAssets,
                processingErrors,
                snapshotTradesMirrored,
                books.size());
    }

    // ---------------------------------------------------------------------------------------

    private void apply(MarketEvent event, long receivedAtMs, List<PriceTick> out) {
        // Java 17: no pattern matching for switch yet.
        if (event instanceof PriceChangeEvent e) {
            onPriceChange(e, receivedAtMs, out);
        } else if (event instanceof BookEvent e) {
            onBook(e, receivedAtMs, out);
        } else if (event instanceof LastTradePriceEvent e) {
            onLastTrade(e, receivedAtMs, out);
        } else if (event instanceof BestBidAskEvent e) {
            onBestBidAsk(e, receivedAtMs, out);
        } else if (event instanceof TickSizeChangeEvent e) {
            onTickSizeChange(e, receivedAtMs, out);
        } else if (event instanceof MarketResolvedEvent e) {
            onResolved(e, receivedAtMs, out);
        } else if (event instanceof UnknownEvent e) {
            onUnknown(e);
        }
        // NewMarketEvent: catalogue news, no price to publish.
    }

    private void onBook(BookEvent e, long receivedAtMs, List<PriceTick> out) {
        if (!subscribed.test(e.assetId())) {
            droppedUnsubscribed++;
            return;
        }
        OrderBook book = bookFor(e.assetId());
        book.market(e.market());
        if (e.tickSize() != null) {
            book.tickSize(e.tickSize());
        }
        if (e.lastTradePrice() != null) {
            book.hashLastTradePrice(e.lastTradePrice());
        }
        if (options.hashCheck() != HashCheck.OFF && isCheckableHash(e.hash())) {
            checkSnapshotHash(e, book);
        }
        book.replace(e.bids(), e.asks());
        book.timestamp(e.timestamp());
        if (e.lastTradePrice() != null) {
            book.lastTradePrice(snapshotLastTrade(e.lastTradePrice(), book));
        }
        if (!book.topFromLevels()) {
            crossedTopsRefused++;
        }
        out.add(tick(book, e.market(), e.timestamp(), receivedAtMs, TickKind.BOOK, null));
    }

    /**
     * The snapshot's {@code last_trade_price} is market-level, in the first outcome's terms, on
     * both books (observed live: a book at 0.07/0.08 carrying 0.920). When it lies outside the
     * token's own spread and its mirror {@code 1 - p} lies inside, the mirror is this token's
     * price. Ambiguous cases (both inside, a side empty) keep the wire value.
     */
    private BigDecimal snapshotLastTrade(BigDecimal wire, OrderBook book) {
        BigDecimal bid = book.levelBestBid();
        BigDecimal ask = book.levelBestAsk();
        if (bid == null || ask == null || bid.compareTo(ask) >= 0 || within(wire, bid, ask)) {
            return wire;
        }
        BigDecimal mirror = BigDecimal.ONE.subtract(wire);
        if (within(mirror, bid, ask)) {
            snapshotTradesMirrored++;
            return mirror;
        }
        return wire;
    }

    private static boolean within(BigDecimal price, BigDecimal bid, BigDecimal ask) {
        return price.compareTo(bid) >= 0 && price.compareTo(ask) <= 0;
    }

    private void onPriceChange(PriceChangeEvent e, long receivedAtMs, List<PriceTick> out) {
        List<PriceChange> changes = e.changes();
        // Usually two entries (a token and its mirror): a short list beats a map here.
        List<OrderBook> touched = this.touched;
        List<PriceChange> lastEntry = this.lastEntries;
        touched.clear();
        lastEntry.clear();
        for (PriceChange c : changes) {
            if (!subscribed.test(c.assetId())) {
                droppedUnsubscribed++;
                continue;
            }
            OrderBook book = bookFor(c.assetId());
            book.market(e.market());
            book.set(c.side(), c.price(), c.size());
            book.timestamp(e.timestamp());
            int i = indexOf(touched, book);
            if (i < 0) {
                touched.add(book);
                lastEntry.add(c);
            } else {
                lastEntry.set(i, c);
            }
            if (options.hashCheck() == HashCheck.ALL
                    && e.schema() == PriceChangeSchema.PRICE_CHANGES
                    && isCheckableHash(c.hash())) {
                checkBookHash(book, e.market(), e.timestamp(), c.hash());
            }
        }
        for (int i = 0; i < touched.size(); i++) {
            OrderBook book = touched.get(i);
            PriceChange last = lastEntry.get(i);
            // The entry's BBO is authoritative (it already reflects a whole matching burst);
            // without it (legacy schemas) the levels decide.
            boolean published =
                    last.bestBid() != null || last.bestAsk() != null
                            ? book.updateTop(last.bestBid(), last.bestAsk())
                            : book.topFromLevels();
            if (!published) {
                crossedTopsRefused++;
            }
            out.add(
                    tick(
                            book,
                            e.market(),
                            e.timestamp(),
                            receivedAtMs,
                            TickKind.PRICE_CHANGE,
                            null));
        }
    }

    private void onLastTrade(LastTradePriceEvent e, long receivedAtMs, List<PriceTick> out) {
        if (!subscribed.test(e.assetId())) {
            droppedUnsubscribed++;
            return;
        }
        OrderBook book = bookFor(e.assetId());
        book.market(e.market());
        book.timestamp(e.timestamp());
        book.lastTradePrice(e.price());
        // The hash uses one market-level last trade price for every book of the market.
        if (e.market() != null) {
            for (OrderBook other : books.values()) {
                if (e.market().equals(other.market())) {
                    other.hashLastTradePrice(e.price());
                }
            }
        } else {
            book.hashLastTradePrice(e.price());
        }
        out.add(tick(book, e.market(), e.timestamp(), receivedAtMs, TickKind.LAST_TRADE, e.size()));
    }

    private void onBestBidAsk(BestBidAskEvent e, long receivedAtMs, List<PriceTick> out) {
        if (!subscribed.test(e.assetId())) {
            droppedUnsubscribed++;
            return;
        }
        OrderBook book = bookFor(e.assetId());
        book.market(e.market());
        book.timestamp(e.timestamp());
        if (!book.updateTop(e.bestBid(), e.bestAsk())) {
            crossedTopsRefused++;
        }
        out.add(tick(book, e.market(), e.timestamp(), receivedAtMs, TickKind.BEST_BID_ASK, null));
    }

    private void onTickSizeChange(TickSizeChangeEvent e, long receivedAtMs, List<PriceTick> out) {
        if (!subscribed.test(e.assetId())) {
            droppedUnsubscribed++;
            return;
        }
        OrderBook book = bookFor(e.assetId());
        book.market(e.market());
        book.timestamp(e.timestamp());
        book.tickSize(e.newTickSize());
        out.add(
                tick(
                        book,
                        e.market(),
                        e.timestamp(),
                        receivedAtMs,
                        TickKind.TICK_SIZE_CHANGE,
                        null));
    }

    private void onResolved(MarketResolvedEvent e, long receivedAtMs, List<PriceTick> out) {
        if (e.winningAssetId() == null) {
            // Without a winner there is no price to publish.
            return;
        }
        Set<String> tokens = new LinkedHashSet<>(e.assetIds());
        tokens.add(e.winningAssetId());
        long time = e.timestamp() > 0 ? e.timestamp() : receivedAtMs;
        for (String token : tokens) {
            if (!subscribed.test(token)) {
                droppedUnsubscribed++;
                continue;
            }
            OrderBook book = books.get(token);
            String market = e.market() != null ? e.market() : book == null ? null : book.market();
            out.add(
                    new PriceTick(
                            token,
                            market,
                            time,
                            receivedAtMs,
                            token.equals(e.winningAssetId()) ? BigDecimal.ONE : BigDecimal.ZERO,
                            null,
                            null,
                            book == null ? null : book.lastTradePrice(),
                            BigDecimal.ZERO,
                            TickKind.RESOLVED,
                            source));
        }
    }

    private void onUnknown(UnknownEvent e) {
        unknownEvents++;
        if (countOf(e.eventType()) == 1) {
            LOG.info(
                    "Skipping unknown market event type '{}' (counted, logged once)",
                    e.eventType());
        }
    }

    // ---------------------------------------------------------------------------------------

    private PriceTick tick(
            OrderBook book,
            String market,
            long timestamp,
            long receivedAtMs,
            TickKind kind,
            BigDecimal tradeSize) {
        return new PriceTick(
                book.tokenId(),
                market != null ? market : book.market(),
                timestamp > 0 ? timestamp : receivedAtMs,
                receivedAtMs,
                book.displayPrice(),
                book.bestBid(),
                book.bestAsk(),
                book.lastTradePrice(),
                tradeSize == null ? BigDecimal.ZERO : Decimals.normalize(tradeSize),
                kind,
                source);
    }

    private OrderBook bookFor(String tokenId) {
        OrderBook book = books.get(tokenId);
        if (book == null) {
            book = new OrderBook(tokenId);
            books.put(tokenId, book);
        }
        return book;
    }

    private static int indexOf(List<OrderBook> books, OrderBook book) {
        for (int i = 0; i < books.size(); i++) {
            if (books.get(i) == book) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isCheckableHash(String hash) {
        // Docs examples carry placeholders such as "0x0....": only a bare 40-hex digest counts.
        if (hash == null || hash.length() != 40) {
            return false;
        }
        for (int i = 0; i < 40; i++) {
            char c = hash.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    private void checkSnapshotHash(BookEvent e, OrderBook book) {
        BigDecimal tick = e.tickSize() != null ? e.tickSize() : book.tickSize();
        BigDecimal lastTrade = book.hashLastTradePrice();
        boolean match = false;
        for (BookHashParams params : hashParamsFor(e.assetId())) {
            String hash =
                    BookHasher.hash(
                            e.market(),
                            e.assetId(),
                            e.timestamp(),
                            e.bids(),
                            e.asks(),
                            params.minOrderSize(),
                            tick,
                            params.negRisk(),
                            lastTrade);
            if (hash.equalsIgnoreCase(e.hash())) {
                match = true;
                break;
            }
        }
        hashChecks++;
        if (!match) {
            hashMismatch(e.assetId(), e.hash());
        }
    }

    private void checkBookHash(OrderBook book, String market, long timestamp, String expected) {
        boolean match = false;
        for (BookHashParams params : hashParamsFor(book.tokenId())) {
            String hash =
                    BookHasher.hash(
                            market,
                            book.tokenId(),
                            timestamp,
                            book.bidsInWireOrder(),
                            book.asksInWireOrder(),
                            params.minOrderSize(),
                            book.tickSize(),
                            params.negRisk(),
                            book.hashLastTradePrice());
            if (hash.equalsIgnoreCase(expected)) {
                match = true;
                break;
            }
        }
        hashChecks++;
        if (!match) {
            hashMismatch(book.tokenId(), expected);
        }
    }

    private List<BookHashParams> hashParamsFor(String tokenId) {
        BookHashParams params = options.hashParams().apply(tokenId);
        return params != null ? List.of(params) : USUAL_HASH_PARAMS;
    }

    private void hashMismatch(String tokenId, String expected) {
        hashMismatches++;
        if (hashMismatches == 1) {
            LOG.info(
                    "Book hash mismatch for token {} (wire {}); hashes are a hint only, counting"
                            + " further mismatches silently",
                    tokenId,
                    expected);
        }
    }

    private void countEvent(String eventType) {
        long[] count = eventsByType.get(eventType);
        if (count == null) {
            if (eventsByType.size() >= MAX_TRACKED_EVENT_TYPES) {
                return;
            }
            count = new long[1];
            eventsByType.put(eventType, count);
        }
        count[0]++;
    }

    private long countOf(String eventType) {
        long[] count = eventsByType.get(eventType);
        return count == null ? 0 : count[0];
    }

    private void parseError(ParseError error, String frame) {
        parseErrors++;
        long[] count = parseErrorsByKind.computeIfAbsent(error.kind(), k -> new long[1]);
        if (++count[0] == 1) {
            LOG.warn(
                    "Unreadable market-channel input, kind {}: {} (counted; logged once per kind)."
                            + " Sample frame: {}",
                    error.kind(),
                    error.detail(),
                    sample(frame));
        }
    }

    private void processingError(String frame, RuntimeException e) {
        processingErrors++;
        if (processingErrors == 1 || Long.bitCount(processingErrors) == 1) {
            LOG.error(
                    "Failed to apply a market frame ({} failures so far). Sample frame: {}",
                    processingErrors,
                    sample(frame),
                    e);
        }
    }

    private static String sample(String frame) {
        if (frame == null) {
            return "null";
        }
        return frame.length() <= MAX_SAMPLE_CHARS
                ? frame
                : frame.substring(0, MAX_SAMPLE_CHARS) + "...(" + frame.length() + " chars)";
    }
}
