package dev.polystream.job.replay;

import dev.polystream.ws.PriceSource;
import dev.polystream.ws.PriceTick;
import dev.polystream.ws.book.MarketFeedProcessor;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Runs captured market-channel frames through the same processor as the live connection, with every
 * token treated as subscribed. Must run at parallelism 1: books depend on frame order.
 */
public class FramesToTicks extends RichFlatMapFunction<String, PriceTick> {

    private transient MarketFeedProcessor processor;

    @Override
    public void open(OpenContext openContext) {
        processor = new MarketFeedProcessor(PriceSource.REPLAY, token -> true);
    }

    @Override
    public void flatMap(String frame, Collector<PriceTick> out) {
        if (frame.isBlank()) {
            return;
        }
        // No receipt time: a replay confirms nothing about the present, and stays deterministic.
        for (PriceTick tick : processor.onFrame(frame, 0L)) {
            out.collect(tick);
        }
    }
}
