package dev.polystream.job.bar;

import dev.polystream.ws.PriceTick;
import dev.polystream.ws.TickKind;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per token, one-second tumbling event-time windows that emit one {@link PriceBar} per second that
 * had activity: the debounce of the whole pipeline. However fast ticks arrive, each token yields at
 * most one bar per exchange-time second.
 *
 * <p>A tick whose second has already been emitted (it arrived after the watermark passed) is not
 * dropped: it is counted as late and folded into the earliest second still open, so its prices
 * still reach the tables, without a second write for a second already written.
 *
 * <p>A {@link TickKind#CONFIRMATION} (a healthy socket vouching for an unchanged book) is not
 * activity: it becomes a bar without messages at once, which only refreshes the price's
 * confirmation time and prices positions that have no price yet.
 */
public class OneSecondBars extends KeyedProcessFunction<String, PriceTick, PriceBar> {

    public static final long SECOND_MS = 1000L;

    private transient MapState<Long, BarAccumulator> open;
    private transient Counter lateTicks;
    private transient Counter barsEmitted;

    @Override
    public void open(OpenContext openContext) {
        open =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "open-bars",
                                        Types.LONG,
                                        TypeInformation.of(BarAccumulator.class)));
        lateTicks = getRuntimeContext().getMetricGroup().counter("lateTicks");
        barsEmitted = getRuntimeContext().getMetricGroup().counter("barsEmitted");
    }

    @Override
    public void processElement(PriceTick tick, Context ctx, Collector<PriceBar> out)
            throws Exception {
        if (tick.kind() == TickKind.CONFIRMATION) {
            // Not activity: no second of history, never late. Passed on at once.
            out.collect(confirmation(tick));
            return;
        }
        long bucket = floorSecond(tick.exchangeTimeMs());
        long watermark = ctx.timerService().currentWatermark();
        if (bucket + SECOND_MS - 1 <= watermark) {
            lateTicks.inc();
            bucket = floorSecond(watermark + 1);
        }
        BarAccumulator acc = open.get(bucket);
        if (acc == null) {
            acc = new BarAccumulator();
            ctx.timerService().registerEventTimeTimer(bucket + SECOND_MS - 1);
        }
        acc.add(tick);
        open.put(bucket, acc);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<PriceBar> out)
            throws Exception {
        long bucket = timestamp - (SECOND_MS - 1);
        BarAccumulator acc = open.get(bucket);
        if (acc != null) {
            open.remove(bucket);
            out.collect(acc.toBar(bucket));
            barsEmitted.inc();
        }
    }

    /** A bar without messages: the book unchanged since its exchange time, live at receipt. */
    static PriceBar confirmation(PriceTick tick) {
        return new PriceBar(
                tick.tokenId(),
                tick.conditionId(),
                floorSecond(tick.receivedAtMs()),
                null,
                null,
                null,
                tick.price(),
                tick.bestBid(),
                tick.bestAsk(),
                tick.lastTradePrice(),
                java.math.BigDecimal.ZERO,
                0,
                tick.source(),
                tick.exchangeTimeMs(),
                tick.receivedAtMs(),
                false,
                tick.receivedAtMs());
    }

    static long floorSecond(long epochMs) {
        return Math.floorDiv(epochMs, SECOND_MS) * SECOND_MS;
    }
}
