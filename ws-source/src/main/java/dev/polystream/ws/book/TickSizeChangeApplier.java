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
        OrderBook book = books.forEvent(e.assetId(), e.market(), e.timestamp());
        if (book == null) {
            return;
        }
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
