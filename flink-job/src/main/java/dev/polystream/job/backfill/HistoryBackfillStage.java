package dev.polystream.job.backfill;

import dev.polystream.job.config.JobOptions;
import dev.polystream.job.sink.JdbcSettings;
import dev.polystream.ws.PriceTick;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Wires the history back-fill onto the source's ticks when {@code backfill.enabled} is on: the
 * first tick per token ({@link FirstTickPerToken}, chained to the source), keyed by token into
 * {@link HistoryBackfill}, which emits nothing. A branch beside the bars: it never holds the ticks
 * back.
 */
public final class HistoryBackfillStage {

    private HistoryBackfillStage() {}

    /** Adds the back-fill branch to {@code ticks}, or nothing when it is off. */
    public static void attach(DataStream<PriceTick> ticks, ReadableConfig conf) {
        if (!conf.get(JobOptions.BACKFILL_ENABLED)) {
            return;
        }
        ticks.filter(new FirstTickPerToken())
                .setParallelism(ticks.getParallelism())
                .name("first tick per token")
                .uid("history-backfill-first-tick")
                .keyBy(new TokenKey())
                .process(
                        new HistoryBackfill(BackfillSettings.from(conf), JdbcSettings.target(conf)),
                        Types.VOID)
                .name("history back-fill")
                .uid("history-backfill")
                .sinkTo(new DiscardingSink<>())
                .name("history back-fill end")
                .uid("history-backfill-end");
    }

    /** Keys ticks by token id. */
    static final class TokenKey implements KeySelector<PriceTick, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(PriceTick tick) {
            return tick.tokenId();
        }
    }
}
