package dev.polystream.ws.book;

import dev.polystream.ws.PriceSource;
import dev.polystream.ws.PriceTick;
import dev.polystream.ws.TickKind;
import dev.polystream.ws.book.FeedCounters.Counter;
import dev.polystream.ws.protocol.BestBidAskEvent;
import dev.polystream.ws.protocol.BookEvent;
import dev.polystream.ws.protocol.EventType;
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
import java.util.HashMap;
import java.util.HashSet;
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

    private static final int MAX_LOGGED_UNKNOWN_TYPES = 64;

    private static final int MAX_SAMPLE_CHARS = 300;

    /** How far to verify the book {@code hash} (§2.9). Verification is a hint only. */
    public enum HashCheck {
        /** Never. */
        OFF,
        /** On {@code book} snapshots only: cheap, they are rare; never leads to a resync. */
        SNAPSHOTS,
        /**
         * Also the hash of each token's book after each {@code price_change}: one SHA-1 over the
         * serialised book per message and token. Repeated mismatches on a token whose hash verified
         * before ask for a fresh snapshot (see {@link Options}).
         */
        ENTRIES
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
     *     values (min order size 5 or 1, neg risk false or true) are tried until one verifies
     * @param resyncAfterMismatches ask for a fresh snapshot of a token after this many mismatches
     *     in a row (a burst of messages with one timestamp counts once); 0 never asks
     * @param resyncCooldownMs at most one resync per token per this many ms
     */
    public record Options(
            HashCheck hashCheck,
            Function<String, BookHashParams> hashParams,
            int resyncAfterMismatches,
            long resyncCooldownMs) {

        public Options {
            Objects.requireNonNull(hashCheck, "hashCheck");
            Objects.requireNonNull(hashParams, "hashParams");
            if (resyncAfterMismatches < 0) {
                throw new IllegalArgumentException(
                        "resyncAfterMismatches must not be negative, got " + resyncAfterMismatches);
            }
        }

        /** Entry hashes verified; a resync after 3 mismatches in a row, at most every 30 s. */
        public static Options defaults() {
            return new Options(HashCheck.ENTRIES, token -> null, 3, 30_000L);
        }

        public Options withHashCheck(HashCheck check) {
            return new Options(check, hashParams, resyncAfterMismatches, resyncCooldownMs);
        }

        public Options withHashParams(Function<String, BookHashParams> params) {
            return new Options(hashCheck, params, resyncAfterMismatches, resyncCooldownMs);
        }

        public Options withResync(int afterMismatches, long cooldownMs) {
            return new Options(hashCheck, hashParams, afterMismatches, cooldownMs);
        }
    }

    /**
     * Told about book life-cycle events, synchronously, on the processor's thread. The connection
     * uses it for its snapshot watchdog, the REST fallback and hash resyncs.
     */
    public interface Observer {
        /** A {@code book} snapshot for the token was applied. */
        default void onSnapshot(String tokenId) {}

        /**
         * The token's book drifted (its hash stopped verifying): unsubscribe and subscribe it again
         * for a fresh snapshot.
         */
        default void onResyncNeeded(String tokenId) {}
    }

    private static final Observer NO_OBSERVER = new Observer() {};

    private final PriceSource source;
    private final Predicate<String> subscribed;
    private final Options options;
    private final MarketMessageParser parser;
    private final Observer observer;
    private final Map<String, OrderBook> books = new HashMap<>();
    // Market parameters of the book hash per token: they outlive the books (clear()).
    private final BookHashVerifier hashes;
    // Scratch lists of onPriceChange, reused: this class is single-threaded.
    private final List<OrderBook> touched = new ArrayList<>();
    private final List<PriceChange> lastEntries = new ArrayList<>();

    // Written on the owning thread only; readable anywhere.
    private final FeedCounters counters = new FeedCounters();
    // Cheap copies of three counters, for per-frame bookkeeping.
    private long frames;
    private long ticks;
    private long parseErrors;
    private final Set<String> unknownTypesLogged = new HashSet<>();
    private final Set<ParseErrorKind> errorKindsLogged = new HashSet<>();

    /**
     * @param source stamped on every tick
     * @param subscribed which tokens' events are kept (events for other tokens are dropped); replay
     *     passes {@code token -> true}
     */
    public MarketFeedProcessor(PriceSource source, Predicate<String> subscribed) {
        this(source, subscribed, Options.defaults());
    }

    public MarketFeedProcessor(PriceSource source, Predicate<String> subscribed, Options options) {
        this(source, subscribed, options, NO_OBSERVER);
    }

    public MarketFeedProcessor(
            PriceSource source, Predicate<String> subscribed, Options options, Observer observer) {
        this.source = Objects.requireNonNull(source, "source");
        this.subscribed = Objects.requireNonNull(subscribed, "subscribed");
        this.options = Objects.requireNonNull(options, "options");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.hashes = new BookHashVerifier(options, counters, observer);
        this.parser = new MarketMessageParser(options.hashCheck() == HashCheck.ENTRIES);
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
        counters.increment(Counter.FRAMES);
        ParsedFrame parsed;
        try {
            parsed = parser.parse(frame);
        } catch (RuntimeException e) {
            // The parser promises not to throw; keep the promise of this method regardless.
            counters.increment(Counter.MALFORMED_FRAMES);
            processingError(frame, e);
            return List.of();
        }
        switch (parsed.kind()) {
            case PONG -> {
                counters.increment(Counter.PONGS);
                return List.of();
            }
            case INVALID_OPERATION -> {
                counters.increment(Counter.INVALID_OPERATIONS);
                LOG.warn("Server answered INVALID OPERATION (a second initial subscription?)");
                return List.of();
            }
            case NO_NEW_ASSETS -> {
                counters.increment(Counter.NO_NEW_ASSETS);
                return List.of();
            }
            default -> {}
        }
        List<ParseError> errors = parsed.errors();
        for (int i = 0, n = errors.size(); i < n; i++) {
            parseError(errors.get(i), frame);
        }
        if (parsed.kind() != FrameKind.JSON) {
            counters.increment(Counter.MALFORMED_FRAMES);
            return List.of();
        }
        counters.increment(Counter.DATA_FRAMES);
        return apply(parsed.events(), receivedAtMs, frame);
    }

    /**
     * Applies books read from REST ({@code POST /books}, {@code GET /book}) exactly like market
     * channel snapshots: one {@link TickKind#BOOK} tick each.
     */
    public List<PriceTick> onBooks(List<BookEvent> restBooks, long receivedAtMs) {
        return apply(List.copyOf(restBooks), receivedAtMs, null);
    }

    private List<PriceTick> apply(
            List<? extends MarketEvent> frameEvents, long receivedAtMs, String frame) {
        int n = frameEvents.size();
        if (n == 0) {
            return List.of();
        }
        List<PriceTick> out = new ArrayList<>(n == 1 ? 2 : n);
        for (int i = 0; i < n; i++) {
            MarketEvent event = frameEvents.get(i);
            counters.increment(Counter.EVENTS);
            try {
                apply(event, receivedAtMs, out);
            } catch (RuntimeException e) {
                processingError(frame, e);
            }
        }
        if (out.isEmpty()) {
            return List.of();
        }
        ticks += out.size();
        counters.add(Counter.TICKS, out.size());
        return out;
    }

    /**
     * One {@link TickKind#CONFIRMATION} per subscribed token whose book was built from a snapshot
     * and has been quiet (no event) since {@code quietSinceMs}: the caller vouches that the socket
     * is healthy, so these books are current as of {@code nowMs}. Busy books need no confirmation:
     * their own ticks keep their price fresh.
     */
    public List<PriceTick> confirmations(long nowMs, long quietSinceMs) {
        List<PriceTick> out = new ArrayList<>();
        for (OrderBook book : books.values()) {
            if (book.snapshotSeen()
                    && book.timestamp() <= quietSinceMs
                    && subscribed.test(book.tokenId())) {
                out.add(tick(book, null, book.timestamp(), nowMs, TickKind.CONFIRMATION, null));
            }
        }
        return out;
    }

    /** Drops every book: the connection closed, the re-subscription snapshot will rebuild them. */
    public void clear() {
        books.clear();
    }

    /** Drops one token's book (it was unsubscribed). */
    public void forget(String tokenId) {
        books.remove(tokenId);
        hashes.forget(tokenId);
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

    /** The live counters: readable from any thread (slightly stale at worst). */
    public FeedCounters counters() {
        return counters;
    }

    /** A copy of the counters. Call on the owning thread (or accept slightly stale values). */
    public FeedStats stats() {
        return counters.stats(books.size());
    }

    // ---------------------------------------------------------------------------------------

    private void apply(MarketEvent event, long receivedAtMs, List<PriceTick> out) {
        // Java 17: no pattern matching for switch yet. The hot path first.
        if (event instanceof PriceChangeEvent e) {
            counters.event(EventType.PRICE_CHANGE);
            onPriceChange(e, receivedAtMs, out);
            return;
        }
        counters.event(EventType.of(event));
        if (event instanceof BookEvent e) {
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
            dropped();
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
        if (e.minOrderSize() != null && e.negRisk() != null) {
            // A REST book names the market parameters: no guessing needed.
            hashes.learn(book.tokenId(), new BookHashParams(e.minOrderSize(), e.negRisk()));
        }
        if (options.hashCheck() != HashCheck.OFF && BookHashVerifier.isCheckable(e.hash())) {
            hashes.checkSnapshot(e, book);
        }
        book.replace(e.bids(), e.asks());
        book.timestamp(e.timestamp());
        // A snapshot is the fresh state a resync asked for; the streak starts over.
        book.resyncPending = false;
        book.mismatchStreak = 0;
        if (e.lastTradePrice() != null) {
            book.lastTradePrice(snapshotLastTrade(e.lastTradePrice(), book));
        }
        if (!book.topFromLevels()) {
            counters.increment(Counter.CROSSED_TOPS_REFUSED);
        }
        out.add(tick(book, e.market(), e.timestamp(), receivedAtMs, TickKind.BOOK, null));
        observer.onSnapshot(book.tokenId());
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
            counters.increment(Counter.SNAPSHOT_TRADES_MIRRORED);
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
        for (int c = 0, n = changes.size(); c < n; c++) {
            PriceChange change = changes.get(c);
            if (!subscribed.test(change.assetId())) {
                dropped();
                continue;
            }
            OrderBook book = bookFor(change.assetId());
            book.market(e.market());
            book.set(change.side(), change.price(), change.size());
            book.timestamp(e.timestamp());
            int i = indexOf(touched, book);
            if (i < 0) {
                touched.add(book);
                lastEntry.add(change);
            } else {
                lastEntry.set(i, change);
            }
        }
        boolean checkEntries = options.hashCheck() == HashCheck.ENTRIES;
        boolean current = e.schema() == PriceChangeSchema.PRICE_CHANGES;
        for (int i = 0; i < touched.size(); i++) {
            OrderBook book = touched.get(i);
            PriceChange last = lastEntry.get(i);
            // The last entry's hash is the token's book after the whole message; a legacy
            // message (one token) carries it at the top.
            String expected = current ? last.hash() : e.hash();
            // Only a book built from a snapshot can match: a fragment never would.
            if (checkEntries
                    && book.snapshotSeen()
                    && BookHashVerifier.isCheckable(expected)
                    && hashes.canCheckEntries(book.tokenId())) {
                hashes.checkEntry(book, e.market(), e.timestamp(), expected, receivedAtMs);
            }
            // The entry's BBO is authoritative (it already reflects a whole matching burst);
            // without it (legacy schemas) the levels decide, but only levels that started from a
            // snapshot: the levels of a book whose snapshot is missing are a fragment.
            boolean entryTop = last.bestBid() != null || last.bestAsk() != null;
            if (!entryTop && !book.snapshotSeen()) {
                counters.increment(Counter.PARTIAL_BOOK_UPDATES);
                continue;
            }
            boolean published =
                    entryTop
                            ? book.updateTop(last.bestBid(), last.bestAsk())
                            : book.topFromLevels();
            if (!published) {
                counters.increment(Counter.CROSSED_TOPS_REFUSED);
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
            dropped();
            return;
        }
        OrderBook book = bookFor(e.assetId());
        book.market(e.market());
        book.timestamp(e.timestamp());
        book.lastTradePrice(e.price());
        // The hash uses one market-level last trade price for every book of the market (in the
        // first outcome's terms; the check also tries the mirror).
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
            dropped();
            return;
        }
        OrderBook book = bookFor(e.assetId());
        book.market(e.market());
        book.timestamp(e.timestamp());
        if (!book.updateTop(e.bestBid(), e.bestAsk())) {
            counters.increment(Counter.CROSSED_TOPS_REFUSED);
        }
        out.add(tick(book, e.market(), e.timestamp(), receivedAtMs, TickKind.BEST_BID_ASK, null));
    }

    private void onTickSizeChange(TickSizeChangeEvent e, long receivedAtMs, List<PriceTick> out) {
        if (!subscribed.test(e.assetId())) {
            dropped();
            return;
        }
        OrderBook book = bookFor(e.assetId());
        book.market(e.market());
        book.timestamp(e.timestamp());
        // The levels stay valid (prices on the old grid are on the new one too); the tick size
        // enters the hash from now on.
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
                dropped();
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
        counters.increment(Counter.UNKNOWN_EVENTS);
        if (unknownTypesLogged.size() < MAX_LOGGED_UNKNOWN_TYPES
                && unknownTypesLogged.add(e.eventType())) {
            LOG.info(
                    "Skipping unknown market event type '{}' (counted, logged once)",
                    e.eventType());
        }
    }

    private void dropped() {
        counters.increment(Counter.DROPPED_UNSUBSCRIBED);
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

    private void parseError(ParseError error, String frame) {
        parseErrors++;
        counters.parseError(error.kind());
        if (errorKindsLogged.add(error.kind())) {
            LOG.warn(
                    "Unreadable market-channel input, kind {}: {} (counted; logged once per kind)."
                            + " Sample frame: {}",
                    error.kind(),
                    error.detail(),
                    sample(frame));
        }
    }

    private void processingError(String frame, RuntimeException e) {
        counters.increment(Counter.PROCESSING_ERRORS);
        long failures = counters.get(Counter.PROCESSING_ERRORS);
        if (failures == 1 || Long.bitCount(failures) == 1) {
            LOG.error(
                    "Failed to apply a market frame ({} failures so far). Sample frame: {}",
                    failures,
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
