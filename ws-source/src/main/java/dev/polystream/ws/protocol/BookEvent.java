package dev.polystream.ws.protocol;

import java.math.BigDecimal;
import java.util.List;

/**
 * {@code book}: a full snapshot of one token's book, replacing whatever was known. Bids arrive
 * ascending and asks descending (best = last), but nothing here relies on that. REST {@code /book}
 * and {@code POST /books} bodies ({@code OrderBookSummary}) read into the same record.
 *
 * @param tickSize only on the snapshot sent on subscribe (and on REST books); null otherwise
 * @param lastTradePrice only on the snapshot sent on subscribe (and on REST books); null when
 *     absent or {@code ""} (no trade yet). Observed to be market-level, in the first outcome's
 *     terms, on both books.
 * @param hash SHA-1 of the book (§2.9), may be null
 * @param minOrderSize REST only (the WebSocket never sends it), as sent; enters the hash
 * @param negRisk REST only; enters the hash; null when absent
 */
public record BookEvent(
        String market,
        String assetId,
        long timestamp,
        List<PriceLevel> bids,
        List<PriceLevel> asks,
        String hash,
        BigDecimal tickSize,
        BigDecimal lastTradePrice,
        String minOrderSize,
        Boolean negRisk)
        implements MarketEvent {

    public static final String TYPE = "book";

    public BookEvent {
        bids = List.copyOf(bids);
        asks = List.copyOf(asks);
    }

    /** A market-channel book (no {@code min_order_size}, no {@code neg_risk}). */
    public BookEvent(
            String market,
            String assetId,
            long timestamp,
            List<PriceLevel> bids,
            List<PriceLevel> asks,
            String hash,
            BigDecimal tickSize,
            BigDecimal lastTradePrice) {
        this(market, assetId, timestamp, bids, asks, hash, tickSize, lastTradePrice, null, null);
    }

    @Override
    public String eventType() {
        return TYPE;
    }
}
