package dev.polystream.ws.book;

import dev.polystream.ws.PriceTick;
import dev.polystream.ws.TickKind;
import dev.polystream.ws.book.FeedCounters.Counter;
import dev.polystream.ws.protocol.BookEvent;
import java.math.BigDecimal;
import java.util.List;

/**
 * Applies a {@code book} snapshot (from the socket or from REST): replaces the token's levels,
 * learns and checks the hash parameters, reads the snapshot's last trade price in the token's own
 * terms, and tells the {@link Observer}.
 */
final class BookSnapshotApplier implements EventApplier<BookEvent> {

    private final FeedBooks books;
    private final Options options;
    private final BookHashVerifier hashes;
    private final FeedCounters counters;
    private final Observer observer;

    BookSnapshotApplier(
            FeedBooks books,
            Options options,
            BookHashVerifier hashes,
            FeedCounters counters,
            Observer observer) {
        this.books = books;
        this.options = options;
        this.hashes = hashes;
        this.counters = counters;
        this.observer = observer;
    }

    @Override
    public void apply(BookEvent e, long receivedAtMs, List<PriceTick> out) {
        if (!books.keeps(e.assetId())) {
            return;
        }
        OrderBook book = books.bookFor(e.assetId());
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
        out.add(books.tick(book, e.market(), e.timestamp(), receivedAtMs, TickKind.BOOK, null));
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
}
