package dev.polystream.job.sink;

import dev.polystream.job.bar.PriceBar;
import dev.polystream.ws.PriceSource;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What this writer last committed to {@code token_prices} per token, so a token whose displayed
 * price and top of book did not change since costs no {@code token_prices} and no {@code markets}
 * write (its second still gets its {@code price_bars_1s} row and its positions are still priced).
 *
 * <p>An unchanged token is still written once {@link #REWRITE_AFTER_MS} have passed since its last
 * write, so the age readers show ({@code greatest(exchange_ts, confirmed_at)}) lags by at most
 * that, well under the source's confirmation interval, and a market listed after the token's first
 * price gets its slot. In memory only, bounded (the least recently used token is forgotten first),
 * and empty after a restart: every token's first bar after a restart is written.
 */
final class WrittenTops {

    /** An unchanged token's row is rewritten after this long. */
    static final long REWRITE_AFTER_MS = 5_000;

    /** Tokens remembered per writer: far above the whole feed's ~10,000–20,000 tokens. */
    static final int CAPACITY = 200_000;

    /** The values of a token_prices row that a write would change. */
    private record Top(
            String conditionId,
            BigDecimal price,
            BigDecimal bestBid,
            BigDecimal bestAsk,
            BigDecimal lastTrade,
            PriceSource source,
            long writtenAtMs) {

        boolean sameAs(Top other) {
            return Objects.equals(conditionId, other.conditionId)
                    && same(price, other.price)
                    && same(bestBid, other.bestBid)
                    && same(bestAsk, other.bestAsk)
                    && same(lastTrade, other.lastTrade)
                    && source == other.source;
        }

        private static boolean same(BigDecimal a, BigDecimal b) {
            return a == null ? b == null : b != null && a.compareTo(b) == 0;
        }
    }

    private final int capacity;
    private final Map<String, Top> tops;
    private volatile long skipped;

    /** Tokens of the batch last asked about in {@link #changed}. */
    private int asked;

    WrittenTops() {
        this(CAPACITY);
    }

    WrittenTops(int capacity) {
        this.capacity = capacity;
        this.tops =
                new LinkedHashMap<>(1024, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, Top> eldest) {
                        return size() > WrittenTops.this.capacity;
                    }
                };
    }

    /**
     * The bars of {@code batch.latest()} whose token_prices row must be written at {@code nowMs}:
     * every bar of a token not written before, changed since, written over {@link
     * #REWRITE_AFTER_MS} ago, or settling its market.
     */
    List<PriceBar> changed(PriceBatch batch, long nowMs) {
        List<PriceBar> latest = batch.latest();
        asked = latest.size();
        List<PriceBar> changed = new ArrayList<>(latest.size());
        for (PriceBar bar : latest) {
            Top last = tops.get(bar.tokenId());
            if (last == null
                    || bar.resolved()
                    || nowMs - last.writtenAtMs() >= REWRITE_AFTER_MS
                    || !last.sameAs(top(bar, batch, nowMs))) {
                changed.add(bar);
            }
        }
        return changed;
    }

    /**
     * Records the rows of a committed flush, {@code written} being what {@link #changed} returned
     * for it (never before the commit: a failed flush is retried with every changed token).
     */
    void committed(List<PriceBar> written, PriceBatch batch, long nowMs) {
        for (PriceBar bar : written) {
            tops.put(bar.tokenId(), top(bar, batch, nowMs));
        }
        skipped += asked - written.size();
    }

    /** Writes left out by committed flushes because nothing had changed. */
    long skipped() {
        return skipped;
    }

    int size() {
        return tops.size();
    }

    /** What the token_prices statement writes for a bar (the price may come from an older bar). */
    private static Top top(PriceBar bar, PriceBatch batch, long nowMs) {
        return new Top(
                bar.conditionId(),
                batch.latestPrice(bar.tokenId()),
                bar.bestBid(),
                bar.bestAsk(),
                bar.lastTradePrice(),
                bar.source(),
                nowMs);
    }
}
