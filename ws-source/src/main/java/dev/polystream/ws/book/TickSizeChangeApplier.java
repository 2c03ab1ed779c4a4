package dev.polystream.ws.book;

import dev.polystream.ws.PriceTick;
import dev.polystream.ws.TickKind;
import dev.polystream.ws.protocol.TickSizeChangeEvent;
import java.util.List;

/** Applies a {@code tick_size_change}: the new tick size enters the book hash from now on. */
final class TickSizeChangeApplier implements EventApplier<TickSizeChangeEvent> {

    private final FeedBooks books;

    TickSizeChangeApplier(FeedBooks books) {
        this.books = books;
    }

    @Override
    public void apply(TickSizeChangeEvent e, long receivedAtMs, List<PriceTick> out) {
        if (!books.keeps(e.assetId())) {
            return;
        }
        OrderBook book = books.bookFor(e.assetId());
        book.market(e.market());
        book.timestamp(e.timestamp());
        // The levels stay valid (prices on the old grid are on the new one too); the tick size
        // enters the hash from now on.
        book.tickSize(e.newTickSize());
        out.add(
                books.tick(
                        book,
                        e.market(),
                        e.timestamp(),
                        receivedAtMs,
                        TickKind.TICK_SIZE_CHANGE,
                        null));
    }
}
