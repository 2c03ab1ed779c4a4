package dev.polystream.ws.book;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystream.ws.PriceSource;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The benchmark's frames are what it claims: valid, hash-consistent, lap after lap. */
class FeedBenchmarkFramesTest {

    @Test
    void shouldGenerateFramesWhoseHashesVerifyOnEveryLap() {
        FeedBenchmark.FeedGenerator generator =
                new FeedBenchmark.FeedGenerator(new SplittableRandom(42));
        String[] snapshots = generator.snapshots();
        String[] cycle = generator.cycle(2_048);
        MarketFeedProcessor processor =
                new MarketFeedProcessor(
                        PriceSource.WS,
                        t -> true,
                        Options.defaults().withHashCheck(HashCheck.ENTRIES));

        for (String snapshot : snapshots) {
            processor.onFrame(snapshot, 0L);
        }
        long ticks = 0;
        for (int lap = 0; lap < 2; lap++) {
            for (String frame : cycle) {
                ticks += processor.onFrame(frame, 0L).size();
            }
        }

        FeedStats stats = processor.stats();
        assertThat(stats.parseErrors()).isZero();
        assertThat(stats.hashMismatches()).isZero();
        assertThat(stats.hashChecks()).isEqualTo(2 * FeedBenchmark.MARKETS + 2 * 2 * 2_048);
        assertThat(stats.crossedTopsRefused()).isZero();
        assertThat(ticks).isEqualTo(2 * 2 * 2_048);
        assertThat(processor.bookTokens()).hasSize(2 * FeedBenchmark.MARKETS);
    }
}
