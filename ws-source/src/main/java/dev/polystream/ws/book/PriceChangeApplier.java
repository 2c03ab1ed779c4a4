package dev.polystream.ws.book;

import dev.polystream.ws.PriceTick;
import dev.polystream.ws.TickKind;
import dev.polystream.ws.book.FeedCounters.Counter;
import dev.polystream.ws.protocol.PriceChange;
import dev.polystream.ws.protocol.PriceChangeEvent;
import dev.polystream.ws.protocol.PriceChangeSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a {@code price_change} (the hot path): sets every entry's level, then, once per touched
 * token, checks the entry hash and publishes the top of book, from the entry's best bid and ask
 * when it carries them and from the levels otherwise. One tick per token, after all its entries.
 */
final class PriceChangeApplier implements EventApplier<PriceChangeEvent> {

    private final FeedBooks books;
    private final Options options;
    private final BookHashVerifier hashes;
    private final FeedCounters counters;
    // Scratch lists, reused: this class is single-threaded.
    private final List<OrderBook> touched = new ArrayList<>();
    private final List<PriceChange> lastEntries = new ArrayList<>();

    PriceChangeApplier(
            FeedBooks books, Options options, BookHashVerifier hashes, FeedCounters counters) {
        this.books = books;
        this.options = options;
        this.hashes = hashes;
        this.counters = counters;
    }

    @Override
    public void apply(PriceChangeEvent e, long receivedAtMs, List<PriceTick> out) {
        List<PriceChange> changes = e.changes();
        // Usually two entries (a token and its mirror): a short list beats a map here.
        List<OrderBook> touched = this.touched;
        List<PriceChange> lastEntry = this.lastEntries;
        touched.clear();
        lastEntry.clear();
        for (int c = 0, n = changes.size(); c < n; c++) {
            PriceChange change = changes.get(c);
            if (!books.keeps(change.assetId())) {
                continue;
            }
            OrderBook book = books.bookFor(change.assetId());
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
                    books.tick(
                            book,
                            e.market(),
                            e.timestamp(),
                            receivedAtMs,
                            TickKind.PRICE_CHANGE,
                            null));
        }
    }

    private static int indexOf(List<OrderBook> books, OrderBook book) {
        for (int i = 0; i < books.size(); i++) {
            if (books.get(i) == book) {
                return i;
            }
        }
        return -1;
    }
}
