package dev.polystream.job.bar;

import dev.polystream.ws.PriceTick;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time from exchange timestamps, with bounded out-of-orderness, and (live only) a wall-clock
 * advance so that the bar of a quiet second is still emitted soon after the second ends.
 *
 * <p>Watermarks are only ever emitted on second boundaries ({@code S * 1000 - 1}: "every second
 * before S is complete"), because nothing downstream needs finer ones; this keeps them to about one
 * per second and makes a replay's watermarks a pure function of its input order, so replays produce
 * the same bars every time.
 */
public final class ExchangeTimeWatermarks implements WatermarkStrategy<PriceTick> {

    private final long outOfOrdernessMs;
    private final long wallClockLagMs;

    private ExchangeTimeWatermarks(long outOfOrdernessMs, long wallClockLagMs) {
        this.outOfOrdernessMs = outOfOrdernessMs;
        this.wallClockLagMs = wallClockLagMs;
    }

    /**
     * For live feeds: a second S is complete once a tick at S + 1 s + {@code outOfOrderness} has
     * been seen, or once the wall clock reaches S + 1 s + {@code wallClockLag}.
     */
    public static ExchangeTimeWatermarks live(Duration outOfOrderness, Duration wallClockLag) {
        return new ExchangeTimeWatermarks(outOfOrderness.toMillis(), wallClockLag.toMillis());
    }

    /** For replays: only the input's own timestamps move event time. */
    public static ExchangeTimeWatermarks replay(Duration outOfOrderness) {
        return new ExchangeTimeWatermarks(outOfOrderness.toMillis(), -1);
    }

    @Override
    public WatermarkGenerator<PriceTick> createWatermarkGenerator(
            WatermarkGeneratorSupplier.Context context) {
        return new Generator(outOfOrdernessMs, wallClockLagMs);
    }

    @Override
    public TimestampAssigner<PriceTick> createTimestampAssigner(
            TimestampAssignerSupplier.Context context) {
        return (tick, recordTimestamp) -> tick.exchangeTimeMs();
    }

    static final class Generator implements WatermarkGenerator<PriceTick> {
        private final long outOfOrdernessMs;
        private final long wallClockLagMs;
        private long maxTimestamp = Long.MIN_VALUE;
        private long emitted = Long.MIN_VALUE;

        Generator(long outOfOrdernessMs, long wallClockLagMs) {
            this.outOfOrdernessMs = outOfOrdernessMs;
            this.wallClockLagMs = wallClockLagMs;
        }

        @Override
        public void onEvent(PriceTick tick, long eventTimestamp, WatermarkOutput output) {
            if (eventTimestamp > maxTimestamp) {
                maxTimestamp = eventTimestamp;
                advanceTo(maxTimestamp - outOfOrdernessMs, output);
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            if (wallClockLagMs >= 0) {
                advanceTo(System.currentTimeMillis() - wallClockLagMs, output);
            }
        }

        /** Emits "every second before the one holding {@code time} is complete", if that's new. */
        private void advanceTo(long time, WatermarkOutput output) {
            if (time == Long.MIN_VALUE || time < Long.MIN_VALUE + OneSecondBars.SECOND_MS) {
                return;
            }
            long boundary = OneSecondBars.floorSecond(time) - 1;
            if (boundary > emitted) {
                emitted = boundary;
                output.emitWatermark(new Watermark(boundary));
            }
        }
    }
}
