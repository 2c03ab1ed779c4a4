package dev.polystream.ws.book;

import dev.polystream.ws.PriceSource;
import dev.polystream.ws.PriceTick;
import dev.polystream.ws.TickKind;
import dev.polystream.ws.book.FeedCounters.Counter;
import dev.polystream.ws.protocol.BookEvent;
import dev.polystream.ws.protocol.FrameKind;
import dev.polystream.ws.protocol.MarketEvent;
import dev.polystream.ws.protocol.MarketMessageParser;
import dev.polystream.ws.protocol.ParseError;
import dev.polystream.ws.protocol.ParseErrorKind;
import dev.polystream.ws.protocol.ParsedFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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
 *
 * <p>The parts: a {@link MarketMessageParser} reads the frame, an {@link EventDispatcher} hands
 * each event to the applier of its type ({@link BookSnapshotApplier}, {@link PriceChangeApplier},
 * {@link LastTradePriceApplier}, {@link BestBidAskApplier}, {@link TickSizeChangeApplier}, {@link
 * MarketResolvedApplier}), which work on the shared {@link FeedBooks}; {@link BookHashVerifier}
 * checks the book hashes. This class counts frames and logs unreadable input.
 */
public final class MarketFeedProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(MarketFeedProcessor.class);

    private static final int MAX_SAMPLE_CHARS = 300;

    private static final Observer NO_OBSERVER = new Observer() {};

    private final MarketMessageParser parser;
    private final FeedBooks books;
    // Market parameters of the book hash per token: they outlive the books (clear()).
    private final BookHashVerifier hashes;
    private final EventDispatcher dispatcher;

    // Written on the owning thread only; readable anywhere.
    private final FeedCounters counters = new FeedCounters();
    // Cheap copies of three counters, for per-frame bookkeeping.
    private long frames;
    private long ticks;
    private long parseErrors;
    private final Set<ParseErrorKind> errorKindsLogged = new HashSet<>();
    // The appliers add a frame's ticks here; the caller gets an immutable copy (one small object
    // for the usual one or two ticks). In use while a frame is applied: a nested call (an observer
    // that feeds books back, say) gets a list of its own.
    private final ArrayList<PriceTick> scratch = new ArrayList<>();
    private boolean scratchInUse;
    // The frame being applied, for error samples: its text, or its UTF-8 bytes (valid during the
    // call that handed them in).
    private String frameText;
    private byte[] frameUtf8;
    private int frameLength;

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
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(subscribed, "subscribed");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(observer, "observer");
        this.books = new FeedBooks(source, subscribed, counters);
        this.hashes = new BookHashVerifier(options, counters, observer);
        this.dispatcher = new EventDispatcher(books, options, hashes, counters, observer);
        this.parser = new MarketMessageParser(options.hashCheck() == HashCheck.ENTRIES);
    }

    /**
     * Applies one frame exactly as received. Never throws on bad input: a malformed frame yields no
     * ticks and is counted.
     *
     * @param receivedAtMs wall-clock receive time; also the tick time of events without timestamp
     * @return the ticks, in event order, as an immutable list (empty when there are none)
     */
    public List<PriceTick> onFrame(String frame, long receivedAtMs) {
        beginFrame(frame, null, 0);
        ParsedFrame parsed;
        try {
            parsed = parser.parse(frame);
        } catch (RuntimeException e) {
            return unparsable(e);
        }
        return onParsed(parsed, receivedAtMs);
    }

    /**
     * {@link #onFrame(String, long)} of the frame's UTF-8 bytes {@code utf8[0, length)}, read only
     * during the call: the hot {@code price_change} frames are read without decoding them into a
     * {@code String} (the live connection's path).
     */
    public List<PriceTick> onFrame(byte[] utf8, int length, long receivedAtMs) {
        beginFrame(null, utf8, length);
        ParsedFrame parsed;
        try {
            parsed = parser.parse(utf8, length);
        } catch (RuntimeException e) {
            return unparsable(e);
        }
        return onParsed(parsed, receivedAtMs);
    }

    private void beginFrame(String text, byte[] utf8, int length) {
        frames++;
        counters.increment(Counter.FRAMES);
        frameText = text;
        frameUtf8 = utf8;
        frameLength = length;
    }

    /** The parser promises not to throw; keep the promise of {@code onFrame} regardless. */
    private List<PriceTick> unparsable(RuntimeException e) {
        counters.increment(Counter.MALFORMED_FRAMES);
        processingError(frameSample(), e);
        return List.of();
    }

    private List<PriceTick> onParsed(ParsedFrame parsed, long receivedAtMs) {
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
            parseError(errors.get(i));
        }
        if (parsed.kind() != FrameKind.JSON) {
            counters.increment(Counter.MALFORMED_FRAMES);
            return List.of();
        }
        counters.increment(Counter.DATA_FRAMES);
        return apply(parsed.events(), receivedAtMs, true);
    }

    /**
     * Applies books read from REST ({@code POST /books}, {@code GET /book}) exactly like market
     * channel snapshots: one {@link TickKind#BOOK} tick each.
     */
    public List<PriceTick> onBooks(List<BookEvent> restBooks, long receivedAtMs) {
        return apply(List.copyOf(restBooks), receivedAtMs, false);
    }

    /**
     * @param fromFrame whether the events are the current frame's (for error samples)
     */
    private List<PriceTick> apply(
            List<? extends MarketEvent> frameEvents, long receivedAtMs, boolean fromFrame) {
        int n = frameEvents.size();
        if (n == 0) {
            return List.of();
        }
        boolean nested = scratchInUse;
        List<PriceTick> out = nested ? new ArrayList<>(n) : scratch;
        scratchInUse = true;
        try {
            for (int i = 0; i < n; i++) {
                MarketEvent event = frameEvents.get(i);
                counters.increment(Counter.EVENTS);
                try {
                    dispatcher.apply(event, receivedAtMs, out);
                } catch (RuntimeException e) {
                    processingError(fromFrame ? frameSample() : "(books from REST)", e);
                }
            }
            if (out.isEmpty()) {
                return List.of();
            }
            ticks += out.size();
            counters.add(Counter.TICKS, out.size());
            return immutableCopy(out);
        } finally {
            if (!nested) {
                scratchInUse = false;
                scratch.clear();
            }
        }
    }

    private static List<PriceTick> immutableCopy(List<PriceTick> ticks) {
        switch (ticks.size()) {
            case 1:
                return List.of(ticks.get(0));
            case 2:
                return List.of(ticks.get(0), ticks.get(1));
            default:
                return List.copyOf(ticks);
        }
    }

    /**
     * One {@link TickKind#CONFIRMATION} per subscribed token whose book was built from a snapshot
     * and has been quiet (no event) since {@code quietSinceMs}: the caller vouches that the socket
     * is healthy, so these books are current as of {@code nowMs}. Busy books need no confirmation:
     * their own ticks keep their price fresh.
     */
    public List<PriceTick> confirmations(long nowMs, long quietSinceMs) {
        List<PriceTick> out = new ArrayList<>();
        for (OrderBook book : books.all()) {
            if (book.snapshotSeen()
                    && book.timestamp() <= quietSinceMs
                    && books.subscribed(book.tokenId())) {
                out.add(
                        books.tick(
                                book, null, book.timestamp(), nowMs, TickKind.CONFIRMATION, null));
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
        return books.tokens();
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

    private void parseError(ParseError error) {
        parseErrors++;
        counters.parseError(error.kind());
        if (errorKindsLogged.add(error.kind())) {
            LOG.warn(
                    "Unreadable market-channel input, kind {}: {} (counted; logged once per kind)."
                            + " Sample frame: {}",
                    error.kind(),
                    error.detail(),
                    frameSample());
        }
    }

    private void processingError(String sample, RuntimeException e) {
        counters.increment(Counter.PROCESSING_ERRORS);
        long failures = counters.get(Counter.PROCESSING_ERRORS);
        if (failures == 1 || Long.bitCount(failures) == 1) {
            LOG.error(
                    "Failed to apply a market frame ({} failures so far). Sample frame: {}",
                    failures,
                    sample,
                    e);
        }
    }

    /** The current frame, cut to a length fit for a log line. */
    private String frameSample() {
        String frame =
                frameText != null
                        ? frameText
                        : frameUtf8 == null
                                ? null
                                : new String(
                                        frameUtf8,
                                        0,
                                        Math.min(frameLength, MAX_SAMPLE_CHARS * 4),
                                        StandardCharsets.UTF_8);
        if (frame == null) {
            return "null";
        }
        int length = frameText != null ? frame.length() : frameLength;
        return frame.length() <= MAX_SAMPLE_CHARS
                ? frame
                : frame.substring(0, MAX_SAMPLE_CHARS)
                        + "...("
                        + length
                        + (frameText != null ? " chars)" : " bytes)");
    }
}
