package dev.polystream.ws.testing;

import static dev.polystream.ws.testing.FakeExchange.mirror;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystream.ws.protocol.Side;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The scripted exchange events: each changes the model as the live exchange would and queues the
 * frames it would send (price changes with their mirrored entry, matching bursts, trades, tick size
 * changes, {@code best_bid_ask}, catalogue news), honouring the {@link Faults}. Event loop only.
 */
final class MarketEvents {

    private static final BigDecimal EXTREME_HIGH = new BigDecimal("0.96");
    private static final BigDecimal EXTREME_LOW = new BigDecimal("0.04");
    private static final BigDecimal FINE_TICK = new BigDecimal("0.001");

    private final FakeExchange exchange;
    private final ClientSessions sessions;
    private final Faults faults;
    private final Journal journal;

    MarketEvents(FakeExchange exchange, ClientSessions sessions, Faults faults, Journal journal) {
        this.exchange = exchange;
        this.sessions = sessions;
        this.faults = faults;
        this.journal = journal;
    }

    /** See {@link FakePolymarketServer#priceChange(String, Side, String, String, long)}. */
    void priceChange(String token, Side side, String price, String size, long timestampMs) {
        long ts = timestampMs >= 0 ? timestampMs : exchange.now();
        FakeBook book = exchange.book(token);
        FakeMarket market = book.market;
        FakeBook other = exchange.other(book);
        BigDecimal p = new BigDecimal(price);
        BigDecimal s = new BigDecimal(size);
        BigDecimal[] before = {book.bestBid(), book.bestAsk(), other.bestBid(), other.bestAsk()};
        exchange.mutate(book, side, p, s, ts);
        exchange.mutate(other, side.opposite(), mirror(p), s, ts);
        if (faults.legacySchema) {
            legacyPriceChange(book, p, s, side, ts);
            legacyPriceChange(other, mirror(p), s, side.opposite(), ts);
        } else {
            ArrayNode entries = WireFrames.JSON.createArrayNode();
            if (!faults.frozen(book.token)) {
                entries.add(entry(book, p, s, side, ts));
            }
            if (!faults.frozen(other.token)) {
                entries.add(entry(other, mirror(p), s, side.opposite(), ts));
            }
            if (!entries.isEmpty()) {
                sessions.sendData(either(book, other), WireFrames.priceChange(market, entries, ts));
            }
        }
        bestBidAskIfMoved(book, before[0], before[1], ts);
        bestBidAskIfMoved(other, before[2], before[3], ts);
        tickSizeIfExtreme(market, ts);
    }

    /** See {@link FakePolymarketServer#lockedBurst(String)}. */
    void lockedBurst(String token) {
        long ts = exchange.now();
        FakeBook book = exchange.book(token);
        FakeMarket market = book.market;
        FakeBook other = exchange.other(book);
        BigDecimal ask = book.bestAsk();
        if (ask == null) {
            throw new IllegalStateException("No ask to take on " + token);
        }
        BigDecimal size = book.asks.get(ask).size();
        BigDecimal mirrored = mirror(ask);
        journal.burst(ts);
        // the match; every entry of the burst carries the final hash (as live)
        exchange.mutate(book, Side.SELL, ask, BigDecimal.ZERO, ts);
        exchange.mutate(other, Side.BUY, mirrored, BigDecimal.ZERO, ts);
        market.lastTradePrice = token.equals(market.yes) ? ask : mirrored;
        // 1: the buy order rests at the ask; the feed shows a locked top
        ArrayNode locked = WireFrames.JSON.createArrayNode();
        locked.add(WireFrames.burstEntry(book, ask, size, Side.BUY, ask, ask, ts));
        locked.add(WireFrames.burstEntry(other, mirrored, size, Side.SELL, mirrored, mirrored, ts));
        sessions.sendData(either(book, other), WireFrames.priceChange(market, locked, ts));
        sessions.sendData(
                market::subscribedBy,
                WireFrames.lastTradePrice(
                        token, market, ask.toPlainString(), "BUY", size.toPlainString(), ts, null));
        // 2: both levels gone, final top
        ArrayNode done = WireFrames.JSON.createArrayNode();
        done.add(entry(book, ask, BigDecimal.ZERO, Side.SELL, ts));
        done.add(entry(book, ask, BigDecimal.ZERO, Side.BUY, ts));
        done.add(entry(other, mirrored, BigDecimal.ZERO, Side.BUY, ts));
        done.add(entry(other, mirrored, BigDecimal.ZERO, Side.SELL, ts));
        sessions.sendData(either(book, other), WireFrames.priceChange(market, done, ts));
    }

    /** A lost update: the level (and its mirror) changes, nobody is told. */
    void applySilently(String token, Side side, String price, String size) {
        FakeBook book = exchange.book(token);
        FakeBook other = exchange.other(book);
        BigDecimal p = new BigDecimal(price);
        BigDecimal s = new BigDecimal(size);
        long ts = exchange.now();
        exchange.mutate(book, side, p, s, ts);
        exchange.mutate(other, side.opposite(), mirror(p), s, ts);
    }

    /** See {@link FakePolymarketServer#trade(String, String, String, Side)}. */
    void trade(String token, String price, String size, Side side, long timestampMs) {
        long ts = timestampMs >= 0 ? timestampMs : exchange.now();
        FakeBook book = exchange.book(token);
        FakeMarket market = book.market;
        BigDecimal p = new BigDecimal(price);
        market.lastTradePrice = token.equals(market.yes) ? p : mirror(p);
        String trade =
                WireFrames.lastTradePrice(
                        token,
                        market,
                        price,
                        side.name(),
                        size,
                        ts,
                        exchange.nextTransactionHash());
        if (!faults.frozen(token)) {
            sessions.sendData(market::subscribedBy, trade);
        }
        for (String t : List.of(market.yes, market.no)) {
            FakeBook b = exchange.bookOrNull(t);
            if (!faults.frozen(t)) {
                sessions.sendData(
                        c -> c.tokens.contains(t), WireFrames.book(b, ts, false).toString());
            }
        }
    }

    void tickSizeChange(String token, String newTickSize) {
        announceTickSize(exchange.book(token).market, new BigDecimal(newTickSize), exchange.now());
    }

    void announceNewMarket(String conditionId, String question) {
        FakeMarket market = exchange.market(conditionId);
        sessions.sendData(
                c -> c.customFeatures, WireFrames.newMarket(market, question, exchange.now()));
    }

    void resolveMarket(String conditionId, String winningToken) {
        FakeMarket market = exchange.market(conditionId);
        sessions.sendData(
                c -> c.customFeatures,
                WireFrames.marketResolved(market, winningToken, exchange.now()));
    }

    private void legacyPriceChange(
            FakeBook book, BigDecimal price, BigDecimal size, Side side, long ts) {
        if (faults.frozen(book.token)) {
            return;
        }
        sessions.sendData(
                c -> c.tokens.contains(book.token),
                WireFrames.legacyPriceChange(
                        book, price, size, side, ts, faults.corruptHash(book.token)));
    }

    /**
     * As live (§2.8.4): a book whose top moves above 0.96 or below 0.04 switches the market to
     * 0.001 ticks, announced with {@code tick_size_change} for both tokens. One way only: live
     * captures show no switch back.
     */
    private void tickSizeIfExtreme(FakeMarket market, long ts) {
        FakeBook yes = exchange.bookOrNull(market.yes);
        BigDecimal bid = yes.bestBid();
        BigDecimal ask = yes.bestAsk();
        boolean extreme =
                bid != null && bid.compareTo(EXTREME_HIGH) > 0
                        || ask != null && ask.compareTo(EXTREME_LOW) < 0;
        if (extreme && market.tickSize.compareTo(FINE_TICK) > 0) {
            announceTickSize(market, FINE_TICK, ts);
        }
    }

    private void announceTickSize(FakeMarket market, BigDecimal newTick, long ts) {
        BigDecimal old = market.tickSize;
        market.tickSize = newTick;
        for (String t : List.of(market.yes, market.no)) {
            if (faults.frozen(t)) {
                continue;
            }
            sessions.sendData(
                    c -> c.tokens.contains(t),
                    WireFrames.tickSizeChange(market, t, old, newTick, ts));
        }
    }

    private void bestBidAskIfMoved(FakeBook book, BigDecimal bid, BigDecimal ask, long ts) {
        if (Objects.equals(bid, book.bestBid()) && Objects.equals(ask, book.bestAsk())
                || faults.frozen(book.token)) {
            return;
        }
        sessions.sendData(
                c -> c.customFeatures && c.tokens.contains(book.token),
                WireFrames.bestBidAsk(book, ts));
    }

    private ObjectNode entry(FakeBook book, BigDecimal price, BigDecimal size, Side side, long ts) {
        return WireFrames.entry(book, price, size, side, ts, faults.corruptHash(book.token));
    }

    private static Predicate<ClientConnection> either(FakeBook book, FakeBook other) {
        return c -> c.tokens.contains(book.token) || c.tokens.contains(other.token);
    }
}
