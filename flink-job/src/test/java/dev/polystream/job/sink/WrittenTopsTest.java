package dev.polystream.job.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystream.job.bar.PriceBar;
import dev.polystream.ws.PriceSource;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class WrittenTopsTest {

    private static final long S = 1_790_000_000_000L;

    private static PriceBar bar(
            String token, long bucket, String close, String bid, boolean resolved) {
        BigDecimal c = close == null ? null : new BigDecimal(close);
        return new PriceBar(
                token,
                "0xc1",
                bucket,
                c,
                c,
                c,
                c,
                bid == null ? null : new BigDecimal(bid),
                new BigDecimal("0.60"),
                null,
                BigDecimal.ONE,
                2,
                PriceSource.WS,
                bucket + 100,
                bucket + 110,
                resolved,
                0);
    }

    private static PriceBatch batch(PriceBar... bars) {
        PriceBatch batch = new PriceBatch();
        for (PriceBar bar : bars) {
            batch.add(bar);
        }
        return batch;
    }

    /** Asks which bars to write at {@code now}, and commits them. */
    private static List<String> flush(WrittenTops tops, long now, PriceBar... bars) {
        PriceBatch batch = batch(bars);
        List<PriceBar> changed = tops.changed(batch, now);
        tops.committed(changed, batch, now);
        return changed.stream().map(PriceBar::tokenId).toList();
    }

    @Test
    void shouldWriteAFirstPriceAndLeaveOutTheSameTopUntilTheRewriteInterval() {
        WrittenTops tops = new WrittenTops();
        assertThat(flush(tops, S, bar("1", S, "0.50", "0.49", false))).containsExactly("1");
        // The same price and top a second later (written as 0.5: the scale does not matter).
        assertThat(flush(tops, S + 1000, bar("1", S + 1000, "0.5", "0.490", false))).isEmpty();
        assertThat(tops.skipped()).isOne();
        assertThat(flush(tops, S + 4999, bar("1", S + 4000, "0.50", "0.49", false))).isEmpty();
        assertThat(
                        flush(
                                tops,
                                S + WrittenTops.REWRITE_AFTER_MS,
                                bar("1", S + 5000, "0.50", "0.49", false)))
                .containsExactly("1");
    }

    @Test
    void shouldWriteEveryChangeOfPriceTopOrSettlement() {
        WrittenTops tops = new WrittenTops();
        flush(tops, S, bar("1", S, "0.50", "0.49", false), bar("2", S, "0.50", "0.49", false));
        assertThat(
                        flush(
                                tops,
                                S + 1000,
                                bar("1", S + 1000, "0.51", "0.49", false),
                                bar("2", S + 1000, "0.50", "0.48", false)))
                .containsExactly("1", "2");
        assertThat(flush(tops, S + 2000, bar("1", S + 2000, "0.51", null, false)))
                .containsExactly("1");
        assertThat(flush(tops, S + 3000, bar("2", S + 3000, "0.50", "0.48", true)))
                .containsExactly("2");
    }

    @Test
    void shouldWriteAgainWhatAFailedFlushDidNotCommit() {
        WrittenTops tops = new WrittenTops();
        PriceBatch failed = batch(bar("1", S, "0.50", "0.49", false));
        assertThat(tops.changed(failed, S)).hasSize(1);
        // Not committed: the retry writes it again.
        assertThat(tops.changed(failed, S + 100)).hasSize(1);
        tops.committed(tops.changed(failed, S + 200), failed, S + 200);

        // A flush left out twice (a retry) counts once, when committed.
        PriceBatch same = batch(bar("1", S + 1000, "0.50", "0.49", false));
        assertThat(tops.changed(same, S + 1000)).isEmpty();
        List<PriceBar> none = tops.changed(same, S + 1100);
        assertThat(tops.skipped()).isZero();
        tops.committed(none, same, S + 1100);
        assertThat(tops.skipped()).isOne();
    }

    @Test
    void shouldForgetTheLeastRecentlyUsedTokenBeyondItsCapacity() {
        WrittenTops tops = new WrittenTops(2);
        flush(tops, S, bar("1", S, "0.50", "0.49", false));
        flush(tops, S, bar("2", S, "0.50", "0.49", false));
        flush(tops, S, bar("3", S, "0.50", "0.49", false));
        assertThat(tops.size()).isEqualTo(2);
        assertThat(flush(tops, S + 1000, bar("1", S + 1000, "0.50", "0.49", false)))
                .containsExactly("1");
        assertThat(flush(tops, S + 1000, bar("3", S + 1000, "0.50", "0.49", false))).isEmpty();
    }
}
