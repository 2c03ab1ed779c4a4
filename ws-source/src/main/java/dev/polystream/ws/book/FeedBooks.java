package dev.polystream.ws.book;

import dev.polystream.ws.PriceSource;
import dev.polystream.ws.PriceTick;
import dev.polystream.ws.TickKind;
import dev.polystream.ws.book.FeedCounters.Counter;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The order books of one feed, one per subscribed token, and the ticks they publish: the state
 * every event applier shares. Single-threaded, like the processor that owns it.
 */
final class FeedBooks {

    private final PriceSource source;
    private final Predicate<String> subscribed;
    private final FeedCounters counters;
    private final Map<String, OrderBook> books = new HashMap<>();

    FeedBooks(PriceSource source, Predicate<String> subscribed, FeedCounters counters) {
        this.source = source;
        this.subscribed = subscribed;
        this.counters = counters;
    }

    /** True when the token's events are kept; counts a drop otherwise. */
    boolean keeps(String tokenId) {
        if (subscribed.test(tokenId)) {
            return true;
        }
        counters.increment(Counter.DROPPED_UNSUBSCRIBED);
        return false;
    }

    /** True when the token's events are kept; counts nothing. */
    boolean subscribed(String tokenId) {
        return subscribed.test(tokenId);
    }

    /** The token's book, created empty when none is held. */
    OrderBook bookFor(String tokenId) {
        OrderBook book = books.get(tokenId);
        if (book == null) {
            book = new OrderBook(tokenId);
            books.put(tokenId, book);
        }
        return book;
    }

    /**
     * The book an event about {@code tokenId} updates, stamped with the event's market and time
     * (created empty when none is held); null, with the drop counted, for a token not kept.
     */
    OrderBook forEvent(String tokenId, String market, long timestamp) {
        if (!keeps(tokenId)) {
            return null;
        }
        OrderBook book = bookFor(tokenId);
        book.market(market);
        book.timestamp(timestamp);
        return book;
    }

    /** The token's book, or null. */
    OrderBook get(String tokenId) {
        return books.get(tokenId);
    }

    Collection<OrderBook> all() {
        return books.values();
    }

    Set<String> tokens() {
        return Collections.unmodifiableSet(books.keySet());
    }

    int size() {
        return books.size();
    }

    void remove(String tokenId) {
        books.remove(tokenId);
    }

    void clear() {
        books.clear();
    }

    PriceSource source() {
        return source;
    }

    /** The book's current prices as a tick. */
    PriceTick tick(
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
}
