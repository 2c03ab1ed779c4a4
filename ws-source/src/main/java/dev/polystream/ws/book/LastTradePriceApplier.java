package dev.polystream.ws.book;

import dev.polystream.ws.PriceTick;
import dev.polystream.ws.TickKind;
import dev.polystream.ws.protocol.LastTradePriceEvent;
import java.util.List;

/**
 * Applies a {@code last_trade_price}: the token's last trade, and the market-level price that
 * enters the hash of every book of the market.
 */
final class LastTradePriceApplier implements EventApplier<LastTradePriceEvent> {

    private final FeedBooks books;

    LastTradePriceApplier(FeedBooks books) {
        this.books = books;
    }

    @Override
    public void apply(LastTradePriceEvent e, long receivedAtMs, List<PriceTick> out) {
        OrderBook book = books.forEvent(e.assetId(), e.market(), e.timestamp());
        if (book == null) {
            return;
        }
        book.lastTradePrice(e.price());
        // The hash uses one market-level last trade price for every book of the market (in the
        // first outcome's terms; the check also tries the mirror).
        if (e.market() != null) {
            for (OrderBook other : books.all()) {
                if (e.market().equals(other.market())) {
                    other.hashLastTradePrice(e.price());
                }
            }
        } else {
            book.hashLastTradePrice(e.price());
        }
        out.add(
                books.tick(
                        book,
                        e.market(),
                        e.timestamp(),
                        receivedAtMs,
                        TickKind.LAST_TRADE,
                        e.size()));
    }
}
