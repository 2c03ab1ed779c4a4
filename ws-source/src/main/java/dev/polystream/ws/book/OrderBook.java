package dev.polystream.ws.book;

import dev.polystream.ws.protocol.BookHasher;
import dev.polystream.ws.protocol.PriceLevel;
import dev.polystream.ws.protocol.Side;
import java.math.BigDecimal;
import java.util.List;

/**
 * One token's order book as the market channel describes it (§2.10): levels keyed by price
 * (compared numerically, so {@code "0.5"} and {@code "0.50"} are one level; held as {@link
 * BookSide}s keyed by {@link PriceTicks}), plus the published top of book, which the wire's {@code
 * best_bid}/{@code best_ask} override when present.
 *
 * <p>The published top never crosses: a top with bid &ge; ask (crossed or locked, as seen briefly
 * inside matching bursts) is refused and the last good top kept. Not thread-safe.
 */
public final class OrderBook {

    private final String tokenId;
    private String market;
    private final BookSide bids = new BookSide(false);
    private final BookSide asks = new BookSide(true);

    // Published top, stored without trailing zeros; null = side missing.
    private BigDecimal bestBid;
    private BigDecimal bestAsk;
    private BigDecimal lastTradePrice;
    private BigDecimal tickSize;
    private boolean snapshotSeen;
    // Cached display price; recomputed only when the top or the last trade changes.
    private BigDecimal displayPrice;
    private boolean displayPriceStale = true;
    private long timestamp;

    // The market-level last trade price as the book hash (§2.9) uses it, with its wire scale.
    private BigDecimal hashLastTradePrice;

    // Hash verification (§2.9), driven by the feed processor.

    /** Mismatches in a row, counting a burst (one exchange timestamp) once. */
    int mismatchStreak;

    long lastMismatchTimestamp = Long.MIN_VALUE;

    /** A fresh snapshot was asked for and has not arrived yet. */
    boolean resyncPending;

    long lastResyncAtMs = Long.MIN_VALUE;

    public OrderBook(String tokenId) {
        this.tokenId = tokenId;
    }

    public String tokenId() {
        return tokenId;
    }

    /** Condition id, once an event told it. */
    public String market() {
        return market;
    }

    /** Published best bid; null when the bid side is empty or unknown. */
    public BigDecimal bestBid() {
        return bestBid;
    }

    /** Published best ask; null when the ask side is empty or unknown. */
    public BigDecimal bestAsk() {
        return bestAsk;
    }

    /** Last trade price known for this token; null when none. */
    public BigDecimal lastTradePrice() {
        return lastTradePrice;
    }

    /** Tick size from the subscribe snapshot or a {@code tick_size_change}; null if unknown. */
    public BigDecimal tickSize() {
        return tickSize;
    }

    /** True once a {@code book} snapshot was applied; until then the levels are partial. */
    public boolean snapshotSeen() {
        return snapshotSeen;
    }

    /** Exchange time of the last event applied. */
    public long timestamp() {
        return timestamp;
    }

    /** The displayed price for the published top (§6). */
    public BigDecimal displayPrice() {
        if (displayPriceStale) {
            displayPrice = DisplayPrice.of(bestBid, bestAsk, lastTradePrice);
            displayPriceStale = false;
        }
        return displayPrice;
    }

    /** Highest bid level held, whatever the wire's BBO says; null when there is none. */
    public BigDecimal levelBestBid() {
        return bids.best();
    }

    /** Lowest ask level held; null when there is none. */
    public BigDecimal levelBestAsk() {
        return asks.best();
    }

    /** Size at a level, null when the level is absent. */
    public BigDecimal size(Side side, BigDecimal price) {
        return (side == Side.BUY ? bids : asks).size(price);
    }

    public int bidLevels() {
        return bids.count();
    }

    public int askLevels() {
        return asks.count();
    }

    // ---------------------------------------------------------------------------------------
    // Mutations, package-private: only the feed processor drives a book.

    void market(String market) {
        if (market != null) {
            this.market = market;
        }
    }

    void timestamp(long timestamp) {
        this.timestamp = timestamp;
    }

    /** Replaces every level (a {@code book} snapshot). Levels of size 0 are skipped. */
    void replace(List<PriceLevel> newBids, List<PriceLevel> newAsks) {
        bids.clear();
        asks.clear();
        for (PriceLevel level : newBids) {
            set(Side.BUY, level.price(), level.size());
        }
        for (PriceLevel level : newAsks) {
            set(Side.SELL, level.price(), level.size());
        }
        snapshotSeen = true;
    }

    /** Sets the total size at a level; size 0 removes the level. */
    void set(Side side, BigDecimal price, BigDecimal size) {
        (side == Side.BUY ? bids : asks).set(price, size);
    }

    /**
     * Publishes a top of book. A bid &le; 0 or an ask &ge; 1 means that side is empty (the wire's
     * sentinels). A crossed or locked top is refused.
     *
     * @return false when refused (the previous top stays)
     */
    boolean updateTop(BigDecimal bid, BigDecimal ask) {
        if (bid != null && bid.signum() <= 0) {
            bid = null;
        }
        if (ask != null && ask.compareTo(BigDecimal.ONE) >= 0) {
            ask = null;
        }
        if (bid != null && ask != null && bid.compareTo(ask) >= 0) {
            return false;
        }
        if (!sameValue(bid, bestBid)) {
            bestBid = Decimals.normalize(bid);
            displayPriceStale = true;
        }
        if (!sameValue(ask, bestAsk)) {
            bestAsk = Decimals.normalize(ask);
            displayPriceStale = true;
        }
        return true;
    }

    /** Publishes the top implied by the levels held. */
    boolean topFromLevels() {
        return updateTop(levelBestBid(), levelBestAsk());
    }

    void lastTradePrice(BigDecimal price) {
        if (!sameValue(price, lastTradePrice)) {
            lastTradePrice = Decimals.normalize(price);
            displayPriceStale = true;
        }
    }

    private static boolean sameValue(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }

    void tickSize(BigDecimal tickSize) {
        this.tickSize = tickSize;
    }

    BigDecimal hashLastTradePrice() {
        return hashLastTradePrice;
    }

    void hashLastTradePrice(BigDecimal price) {
        hashLastTradePrice = price;
    }

    /** Bids as the server orders them for the hash: ascending. */
    BookHasher.LevelBytesWriter bidsInWireOrder() {
        return bids::writeTo;
    }

    /** Asks as the server orders them for the hash: descending. */
    BookHasher.LevelBytesWriter asksInWireOrder() {
        return asks::writeTo;
    }

    @Override
    public String toString() {
        return "OrderBook{"
                + tokenId
                + " bid="
                + bestBid
                + " ask="
                + bestAsk
                + " last="
                + lastTradePrice
                + " levels="
                + bids.count()
                + "/"
                + asks.count()
                + '}';
    }
}
