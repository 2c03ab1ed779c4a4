package dev.polystream.ws.book;

import dev.polystream.ws.PriceTick;
import dev.polystream.ws.TickKind;
import dev.polystream.ws.book.FeedCounters.Counter;
import dev.polystream.ws.protocol.PriceChange;
import dev.polystream.ws.protocol.PriceChangeEvent;
import dev.polystream.ws.protocol.PriceChangeSchema;
import java.util.Arrays;
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
    // Scratch arrays, reused (this class is single-threaded): the books one event touched, in
    // order of first touch, and each one's last entry. Plain arrays: no list bookkeeping per entry.
    private OrderBook[] touched = new OrderBook[8];
    private PriceChange[] lastEntries = new PriceChange[8];
    private int touchedCount;

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
        // Usually two entries (a token and its mirror): a short array beats a map here.
        touchedCount = 0;
        for (int c = 0, n = changes.size(); c < n; c++) {
            PriceChange change = changes.get(c);
            if (!books.keeps(change.assetId())) {
                continue;
            }
            OrderBook book = books.bookFor(change.assetId());
            book.market(e.market());
            book.set(change.side(), change.price(), change.size());
            book.timestamp(e.timestamp());
            touch(book, change);
        }
        boolean checkEntries = options.hashCheck() == HashCheck.ENTRIES;
        boolean current = e.schema() == PriceChangeSchema.PRICE_CHANGES;
        OrderBook[] touched = this.touched;
        PriceChange[] lastEntry = this.lastEntries;
        int count = touchedCount;
        // Drop the references at once: the scratch arrays must not keep books or entries alive.
        touchedCount = 0;
        for (int i = 0; i < count; i++) {
            OrderBook book = touched[i];
            PriceChange last = lastEntry[i];
            touched[i] = null;
            lastEntry[i] = null;
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

    /** Records the book as touched by {@code change}, its latest entry so far. */
    private void touch(OrderBook book, PriceChange change) {
        OrderBook[] touched = this.touched;
        int count = touchedCount;
        for (int i = 0; i < count; i++) {
            if (touched[i] == book) {
                lastEntries[i] = change;
                return;
            }
        }
        if (count == touched.length) {
            this.touched = touched = Arrays.copyOf(touched, count * 2);
            lastEntries = Arrays.copyOf(lastEntries, count * 2);
        }
        touched[count] = book;
        lastEntries[count] = change;
        touchedCount = count + 1;
    }
}
