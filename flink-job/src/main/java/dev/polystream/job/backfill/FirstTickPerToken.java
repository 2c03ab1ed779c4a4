package dev.polystream.job.backfill;

import dev.polystream.ws.PriceTick;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.api.common.functions.FilterFunction;

/**
 * Lets through only the first tick of each token this subtask sees, chained to the source, so the
 * back-fill branch ships about one record per token instead of the whole feed through the network.
 * Not state: after a restart the first tick passes again and {@link HistoryBackfill}'s keyed state
 * decides. Bounded: past {@link #MAX_TOKENS} tokens the set starts over (more ticks pass, none is
 * lost).
 */
final class FirstTickPerToken implements FilterFunction<PriceTick> {

    private static final long serialVersionUID = 1L;

    /** Most token ids remembered per subtask. */
    static final int MAX_TOKENS = 1_000_000;

    private transient Set<String> seen;

    @Override
    public boolean filter(PriceTick tick) {
        if (seen == null) {
            seen = new HashSet<>();
        }
        if (seen.contains(tick.tokenId())) {
            return false;
        }
        if (seen.size() >= MAX_TOKENS) {
            seen.clear();
        }
        seen.add(tick.tokenId());
        return true;
    }
}
