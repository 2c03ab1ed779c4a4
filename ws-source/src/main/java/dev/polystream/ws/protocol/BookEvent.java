package dev.polystream.ws.protocol;

import java.math.BigDecimal;
import java.util.List;

/**
 * {@code book}: a full snapshot of one token's book, replacing whatever was known. Bids arrive
 * ascending and asks descending (best = last), but nothing here relies on that.
 *
 * @param tickSize only on the snapshot sent on subscribe; null otherwise
 * @param lastTradePrice only on the snapshot sent on subscribe; null when absent or {@code ""} (no
 *     trade yet). Observed to be market-level, in the first outcome's terms, on both books.
 * @param hash SHA-1 of the book (§2.9), may be null
 */
public record BookEvent(
        String market,
        String assetId,
        long timestamp,
        List<PriceLevel> bids,
        List<PriceLevel> asks,
        String hash,
        BigDecimal tickSize,
        BigDecimal lastTradePrice)
        implements MarketEvent {

    public static final String TYPE = "book";

    public BookEvent {
        bids = List.copyOf(bids);
        asks = List.copyOf(asks);
    }

    @Override
    public String eventType() {
        return TYPE;
    }
}
