package dev.polystream.ws.testing;

import dev.polystream.ws.protocol.BookHasher;
import dev.polystream.ws.protocol.PriceLevel;
import dev.polystream.ws.protocol.Side;
import java.math.BigDecimal;
import java.util.List;
import java.util.TreeMap;

/** One token's order book on the fake exchange, and its §2.9 hash. */
final class FakeBook {
    final String token;
    final FakeMarket market;
    final TreeMap<BigDecimal, PriceLevel> bids = new TreeMap<>();
    final TreeMap<BigDecimal, PriceLevel> asks = new TreeMap<>();

    FakeBook(String token, FakeMarket market) {
        this.token = token;
        this.market = market;
    }

    void set(Side side, BigDecimal price, BigDecimal size) {
        TreeMap<BigDecimal, PriceLevel> levels = side == Side.BUY ? bids : asks;
        if (size.signum() == 0) {
            levels.remove(price);
        } else {
            levels.put(price, new PriceLevel(price, size));
        }
    }

    BigDecimal bestBid() {
        return bids.isEmpty() ? null : bids.lastKey();
    }

    BigDecimal bestAsk() {
        return asks.isEmpty() ? null : asks.firstKey();
    }

    BigDecimal mid() {
        BigDecimal bid = bestBid();
        BigDecimal ask = bestAsk();
        return bid == null || ask == null ? null : bid.add(ask).divide(BigDecimal.valueOf(2));
    }

    BigDecimal spread() {
        BigDecimal bid = bestBid();
        BigDecimal ask = bestAsk();
        return bid == null || ask == null ? null : ask.subtract(bid);
    }

    List<PriceLevel> bidsAscending() {
        return List.copyOf(bids.values());
    }

    List<PriceLevel> asksDescending() {
        return List.copyOf(asks.descendingMap().values());
    }

    String hash(long ts) {
        return BookHasher.hash(
                market.conditionId,
                token,
                ts,
                bidsAscending(),
                asksDescending(),
                market.minOrderSize,
                market.tickSize,
                market.negRisk,
                market.lastTradePrice);
    }
}
