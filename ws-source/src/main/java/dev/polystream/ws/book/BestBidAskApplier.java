package dev.polystream.ws.book;

import dev.polystream.ws.PriceTick;
import dev.polystream.ws.TickKind;
import dev.polystream.ws.book.FeedCounters.Counter;
import dev.polystream.ws.protocol.BestBidAskEvent;
import java.util.List;

/** Applies a {@code best_bid_ask}: the token's top of book, refused when crossed. */
final class BestBidAskApplier implements EventApplier<BestBidAskEvent> {

    private final FeedBooks books;
    private final FeedCounters counters;

    BestBidAskApplier(FeedBooks books, FeedCounters counters) {
        this.books = books;
        this.counters = counters;
    }

    @Override
    public void apply(BestBidAskEvent e, long receivedAtMs, List<PriceTick> out) {
        OrderBook book = books.forEvent(e.assetId(), e.market(), e.timestamp());
        if (book == null) {
            return;
        }
        if (!book.updateTop(e.bestBid(), e.bestAsk())) {
            counters.increment(Counter.CROSSED_TOPS_REFUSED);
        }
        out.add(
                books.tick(
                        book,
                        e.market(),
                        e.timestamp(),
                        receivedAtMs,
                        TickKind.BEST_BID_ASK,
                        null));
    }
}
