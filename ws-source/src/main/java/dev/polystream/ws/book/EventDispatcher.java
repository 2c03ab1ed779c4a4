package dev.polystream.ws.book;

import dev.polystream.ws.PriceTick;
import dev.polystream.ws.book.FeedCounters.Counter;
import dev.polystream.ws.protocol.BestBidAskEvent;
import dev.polystream.ws.protocol.BookEvent;
import dev.polystream.ws.protocol.EventType;
import dev.polystream.ws.protocol.LastTradePriceEvent;
import dev.polystream.ws.protocol.MarketEvent;
import dev.polystream.ws.protocol.MarketResolvedEvent;
import dev.polystream.ws.protocol.NewMarketEvent;
import dev.polystream.ws.protocol.PriceChangeEvent;
import dev.polystream.ws.protocol.TickSizeChangeEvent;
import dev.polystream.ws.protocol.UnknownEvent;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each market event to the applier of its type and counts it by type; {@code new_market}
 * yields nothing (catalogue news, no price), unknown types are counted and logged once each.
 */
final class EventDispatcher {

    // The processor's logger: these lines are the processor's to operators.
    private static final Logger LOG = LoggerFactory.getLogger(MarketFeedProcessor.class);

    private static final int MAX_LOGGED_UNKNOWN_TYPES = 64;

    private final FeedCounters counters;
    private final BookSnapshotApplier bookSnapshots;
    private final PriceChangeApplier priceChanges;
    private final LastTradePriceApplier lastTrades;
    private final BestBidAskApplier bestBidAsks;
    private final TickSizeChangeApplier tickSizeChanges;
    private final MarketResolvedApplier resolutions;
    private final Observer observer;
    private final Set<String> unknownTypesLogged = new HashSet<>();

    EventDispatcher(
            FeedBooks books,
            Options options,
            BookHashVerifier hashes,
            FeedCounters counters,
            Observer observer) {
        this.counters = counters;
        this.observer = observer;
        this.bookSnapshots = new BookSnapshotApplier(books, options, hashes, counters, observer);
        this.priceChanges = new PriceChangeApplier(books, options, hashes, counters);
        this.lastTrades = new LastTradePriceApplier(books);
        this.bestBidAsks = new BestBidAskApplier(books, counters);
        this.tickSizeChanges = new TickSizeChangeApplier(books);
        this.resolutions = new MarketResolvedApplier(books);
    }

    void apply(MarketEvent event, long receivedAtMs, List<PriceTick> out) {
        // Java 17: no pattern matching for switch yet. The hot path first.
        if (event instanceof PriceChangeEvent e) {
            counters.event(EventType.PRICE_CHANGE);
            priceChanges.apply(e, receivedAtMs, out);
            return;
        }
        counters.event(EventType.of(event));
        if (event instanceof BookEvent e) {
            bookSnapshots.apply(e, receivedAtMs, out);
        } else if (event instanceof LastTradePriceEvent e) {
            lastTrades.apply(e, receivedAtMs, out);
        } else if (event instanceof BestBidAskEvent e) {
            bestBidAsks.apply(e, receivedAtMs, out);
        } else if (event instanceof TickSizeChangeEvent e) {
            tickSizeChanges.apply(e, receivedAtMs, out);
        } else if (event instanceof MarketResolvedEvent e) {
            resolutions.apply(e, receivedAtMs, out);
        } else if (event instanceof NewMarketEvent e) {
            observer.onNewMarket(e); // catalogue news, no price to publish
        } else if (event instanceof UnknownEvent e) {
            onUnknown(e);
        }
    }

    private void onUnknown(UnknownEvent e) {
        counters.increment(Counter.UNKNOWN_EVENTS);
        if (unknownTypesLogged.size() < MAX_LOGGED_UNKNOWN_TYPES
                && unknownTypesLogged.add(e.eventType())) {
            LOG.info(
                    "Skipping unknown market event type '{}' (counted, logged once)",
                    e.eventType());
        }
    }
}
