package dev.polystream.job.sink;

import dev.polystream.job.bar.PriceBar;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bars of one flush, coalesced: whatever arrived, each table gets at most one write per key. A
 * newer bar for a token supersedes an older one for the latest-price and P&L writes; every distinct
 * second still gets its own history row.
 */
final class PriceBatch {

    private final Map<String, PriceBar> history = new LinkedHashMap<>();
    private final Map<String, PriceBar> latest = new LinkedHashMap<>();
    private final Map<String, PriceBar> priced = new LinkedHashMap<>();
    private final Map<String, PriceBar> resolved = new LinkedHashMap<>();
    private final Map<String, Long> confirmed = new LinkedHashMap<>();
    private int size;

    void add(PriceBar bar) {
        size++;
        String token = bar.tokenId();
        if (bar.hasActivity()) {
            history.put(token + '@' + bar.bucketMs(), bar);
            latest.merge(token, bar, PriceBatch::newer);
        }
        if (bar.close() != null) {
            priced.merge(token, bar, PriceBatch::newer);
        }
        if (bar.resolved()) {
            resolved.merge(token, bar, PriceBatch::newer);
        }
        if (bar.confirmedAtMs() > 0 && !bar.hasActivity()) {
            confirmed.merge(token, bar.confirmedAtMs(), Math::max);
        }
    }

    /** Later exchange time wins; on a tie the later arrival. */
    private static PriceBar newer(PriceBar current, PriceBar next) {
        return next.closeExchangeTimeMs() >= current.closeExchangeTimeMs() ? next : current;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Bars added, before coalescing. */
    int size() {
        return size;
    }

    /** One per token and second with activity, in arrival order. */
    Collection<PriceBar> history() {
        return history.values();
    }

    /**
     * The newest bar with activity per token, ordered by market then token so concurrent writers
     * lock shared market rows in the same order.
     */
    List<PriceBar> latest() {
        return byMarketThenToken(latest.values());
    }

    /**
     * The newest displayed price of a token within the batch: its newest bar may have none (a
     * one-sided book) while an older one had.
     */
    java.math.BigDecimal latestPrice(String token) {
        PriceBar bar = priced.get(token);
        return bar == null ? null : bar.close();
    }

    /** The newest bar with a price per token. */
    List<PriceBar> priced() {
        return byMarketThenToken(priced.values());
    }

    /** The resolution bar per token. */
    List<PriceBar> resolved() {
        return byMarketThenToken(resolved.values());
    }

    /** The latest confirmation time per token, from bars that only confirm. */
    Map<String, Long> confirmed() {
        return confirmed;
    }

    private static List<PriceBar> byMarketThenToken(Collection<PriceBar> bars) {
        List<PriceBar> sorted = new ArrayList<>(bars);
        sorted.sort(
                Comparator.comparing(
                                PriceBar::conditionId,
                                Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(PriceBar::tokenId));
        return sorted;
    }
}
