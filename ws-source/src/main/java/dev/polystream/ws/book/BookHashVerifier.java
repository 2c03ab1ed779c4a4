package dev.polystream.ws.book;

import dev.polystream.ws.book.FeedCounters.Counter;
import dev.polystream.ws.protocol.BookEvent;
import dev.polystream.ws.protocol.BookHasher;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The book hash (§2.9) of a {@link MarketFeedProcessor}, checked as a hint: learns each token's
 * market parameters (from REST books, or by trying the usual ones on snapshots), verifies snapshots
 * and, once a token's parameters are known, its book after every {@code price_change}; counts
 * mismatches and asks for a fresh snapshot when a book keeps drifting. Single-threaded, like the
 * processor that owns it; what it learns outlives the books.
 */
final class BookHashVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(MarketFeedProcessor.class);

    /**
     * Snapshots of a token whose market parameters are unknown are checked against the usual
     * guesses this often at most: a market with other parameters then stays unchecked instead of
     * costing several SHA-1s per snapshot forever.
     */
    static final int MAX_GUESSED_SNAPSHOTS = 3;

    private static final List<BookHashParams> USUAL_HASH_PARAMS =
            List.of(
                    new BookHashParams("5", false),
                    new BookHashParams("5", true),
                    new BookHashParams("1", false),
                    new BookHashParams("1", true));

    private final Options options;
    private final FeedCounters counters;
    private final Observer observer;
    private final Map<String, BookHashParams> knownParams = new HashMap<>();
    private final Map<String, Integer> guessFailures = new HashMap<>();
    private boolean mismatchLogged;

    BookHashVerifier(Options options, FeedCounters counters, Observer observer) {
        this.options = options;
        this.counters = counters;
        this.observer = observer;
    }

    /** The market parameters of a token, as a REST book names them: no guessing needed. */
    void learn(String tokenId, BookHashParams params) {
        knownParams.put(tokenId, params);
    }

    /** True when the token's parameters are known, so its entry hashes can be checked. */
    boolean canCheckEntries(String tokenId) {
        return knownParams.containsKey(tokenId) || options.hashParams().apply(tokenId) != null;
    }

    /** Forgets what was learnt about a token (it was unsubscribed). */
    void forget(String tokenId) {
        knownParams.remove(tokenId);
        guessFailures.remove(tokenId);
    }

    static boolean isCheckable(String hash) {
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

    /**
     * Verifies a snapshot against the market parameters known for its token, or the usual ones; the
     * ones that match are remembered, which is what makes later entry hashes checkable. A snapshot
     * replaces the book, so a mismatch here says our hash inputs are wrong, not our book: it is
     * counted but never leads to a resync.
     */
    void checkSnapshot(BookEvent e, OrderBook book) {
        BigDecimal tick = e.tickSize() != null ? e.tickSize() : book.tickSize();
        BookHasher.Preimage preimage =
                BookHasher.preimage(
                        e.market(),
                        e.assetId(),
                        e.timestamp(),
                        BookHasher.levels(e.bids()),
                        BookHasher.levels(e.asks()));
        counters.increment(Counter.HASH_CHECKS);
        if (!verify(preimage, e.hash(), book, tick, true)) {
            mismatch(book.tokenId(), e.hash());
        }
    }

    /**
     * Verifies a book after a {@code price_change} against the message's hash; repeated mismatches
     * (a burst counted once) ask the observer for a resync, at most once per cool-down.
     */
    void checkEntry(
            OrderBook book, String market, long timestamp, String expected, long receivedAtMs) {
        BookHasher.Preimage preimage =
                BookHasher.preimageOfBytes(
                        market,
                        book.tokenId(),
                        timestamp,
                        book.bidsInWireOrder(),
                        book.asksInWireOrder());
        counters.increment(Counter.HASH_CHECKS);
        if (verify(preimage, expected, book, book.tickSize(), false)) {
            book.mismatchStreak = 0;
            return;
        }
        mismatch(book.tokenId(), expected);
        if (timestamp != book.lastMismatchTimestamp) {
            // Inside a matching burst every message carries the burst's final hash: count the
            // burst once.
            book.lastMismatchTimestamp = timestamp;
            book.mismatchStreak++;
        }
        int threshold = options.resyncAfterMismatches();
        if (threshold > 0
                && book.mismatchStreak >= threshold
                && !book.resyncPending
                && (book.lastResyncAtMs == Long.MIN_VALUE
                        || receivedAtMs - book.lastResyncAtMs >= options.resyncCooldownMs())) {
            book.resyncPending = true;
            book.lastResyncAtMs = receivedAtMs;
            counters.increment(Counter.HASH_RESYNCS);
            LOG.info(
                    "Book of token {} drifted ({} hash mismatches in a row); asking for a fresh"
                            + " snapshot",
                    book.tokenId(),
                    book.mismatchStreak);
            observer.onResyncNeeded(book.tokenId());
        }
    }

    /**
     * Tries the token's known market parameters (else, for snapshots, the usual ones), with the
     * market's last trade price and its mirror (a trade on the second outcome may have set it in
     * that outcome's terms). Remembers what matched.
     */
    private boolean verify(
            BookHasher.Preimage preimage,
            String expected,
            OrderBook book,
            BigDecimal tick,
            boolean snapshot) {
        String token = book.tokenId();
        List<BookHashParams> candidates;
        BookHashParams known = knownParams.get(token);
        BookHashParams given = known != null ? known : options.hashParams().apply(token);
        if (given != null) {
            candidates = List.of(given);
        } else if (snapshot && guessFailures.getOrDefault(token, 0) < MAX_GUESSED_SNAPSHOTS) {
            candidates = USUAL_HASH_PARAMS;
        } else {
            return false;
        }
        BigDecimal lastTrade = book.hashLastTradePrice();
        for (int i = 0, n = candidates.size(); i < n; i++) {
            BookHashParams params = candidates.get(i);
            if (preimage.hash(params.minOrderSize(), tick, params.negRisk(), lastTrade)
                    .equalsIgnoreCase(expected)) {
                knownParams.put(token, params);
                return true;
            }
        }
        if (lastTrade == null || lastTrade.signum() == 0) {
            guessed(token, given);
            return false;
        }
        BigDecimal mirror = BigDecimal.ONE.subtract(lastTrade);
        for (int i = 0, n = candidates.size(); i < n; i++) {
            BookHashParams params = candidates.get(i);
            if (preimage.hash(params.minOrderSize(), tick, params.negRisk(), mirror)
                    .equalsIgnoreCase(expected)) {
                knownParams.put(token, params);
                book.hashLastTradePrice(mirror);
                return true;
            }
        }
        guessed(token, given);
        return false;
    }

    /** A guess of the market parameters failed; after a few, the token is left unchecked. */
    private void guessed(String token, BookHashParams given) {
        if (given == null) {
            guessFailures.merge(token, 1, Integer::sum);
        }
    }

    private void mismatch(String tokenId, String expected) {
        counters.increment(Counter.HASH_MISMATCHES);
        if (!mismatchLogged) {
            mismatchLogged = true;
            LOG.info(
                    "Book hash mismatch for token {} (wire {}); hashes are a hint only, counting"
                            + " further mismatches silently",
                    tokenId,
                    expected);
        }
    }
}
