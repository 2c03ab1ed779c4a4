package dev.polystream.job.bar;

import static dev.polystream.job.bar.Ticks.quote;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class ExchangeTimeWatermarksTest {

    private static final long S = 1_790_000_000_000L;

    private final List<Long> emitted = new ArrayList<>();
    private final WatermarkOutput output =
            new WatermarkOutput() {
                @Override
                public void emitWatermark(Watermark watermark) {
                    emitted.add(watermark.getTimestamp());
                }

                @Override
                public void markIdle() {}

                @Override
                public void markActive() {}
            };

    private void event(WatermarkGenerator<dev.polystream.ws.PriceTick> g, long ts) {
        g.onEvent(quote("a", ts, "0.4", "0.6"), ts, output);
    }

    @Test
    void shouldOnlyEmitSecondBoundariesOnceOutOfOrdernessHasPassed() {
        var g =
                ExchangeTimeWatermarks.replay(Duration.ofMillis(200))
                        .createWatermarkGenerator(null);
        event(g, S + 100); // S - 100 after the bound: seconds before S - 1 complete
        event(g, S + 900); // S + 700: seconds before S complete
        event(g, S + 1100); // S + 900: nothing new
        event(g, S + 1250); // S + 1050: second S complete
        event(g, S + 1300);
        event(g, S + 3700); // S + 3500: seconds up to S + 2 complete
        assertThat(emitted).containsExactly(S - 1001, S - 1, S + 999, S + 2999);
    }

    @Test
    void shouldNotMoveBackwardsOnOlderEvents() {
        var g = ExchangeTimeWatermarks.replay(Duration.ZERO).createWatermarkGenerator(null);
        event(g, S + 2500);
        event(g, S + 100);
        assertThat(emitted).containsExactly(S + 1999);
    }

    @Test
    void replayShouldIgnoreTheWallClock() {
        var g = ExchangeTimeWatermarks.replay(Duration.ZERO).createWatermarkGenerator(null);
        g.onPeriodicEmit(output);
        assertThat(emitted).isEmpty();
    }

    @Test
    void liveShouldAdvanceWithTheWallClockWhenTheFeedIsQuiet() {
        var g =
                ExchangeTimeWatermarks.live(Duration.ofMillis(200), Duration.ofMillis(300))
                        .createWatermarkGenerator(null);
        long before = System.currentTimeMillis();
        g.onPeriodicEmit(output);
        long after = System.currentTimeMillis();
        assertThat(emitted).hasSize(1);
        long wm = emitted.get(0);
        assertThat((wm + 1) % 1000).isZero();
        assertThat(wm)
                .isBetween(
                        OneSecondBars.floorSecond(before - 300) - 1,
                        OneSecondBars.floorSecond(after - 300) - 1);
    }
}
