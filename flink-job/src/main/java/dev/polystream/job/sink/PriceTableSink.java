package dev.polystream.job.sink;

import dev.polystream.job.bar.PriceBar;
import dev.polystream.job.config.JobOptions;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;

/**
 * The job's PostgreSQL sink: {@code price_bars_1s}, {@code token_prices}, {@code
 * markets.outcome_prices}, the P&L of active positions, settlement, and price confirmations, all
 * from one stream of bars keyed by token. See {@link PriceStatements} for the SQL and {@link
 * PriceTableWriter} for batching and outages.
 */
public final class PriceTableSink implements Sink<PriceBar> {

    private final JdbcTarget target;
    private final int batchSize;
    private final Duration batchInterval;
    private final Duration maxBackoff;
    private final Duration maxOutage;
    private final Duration barRetention;

    public PriceTableSink(
            JdbcTarget target,
            int batchSize,
            Duration batchInterval,
            Duration maxBackoff,
            Duration maxOutage,
            Duration barRetention) {
        if (batchSize < 1) {
            throw new IllegalArgumentException(
                    "sink.batch-size must be at least 1, got " + batchSize);
        }
        this.target = target;
        this.batchSize = batchSize;
        this.batchInterval = batchInterval;
        if (maxOutage.isNegative() || maxOutage.isZero()) {
            throw new IllegalArgumentException(
                    "sink.max-outage must be positive, got " + maxOutage);
        }
        this.maxBackoff = maxBackoff;
        this.maxOutage = maxOutage;
        this.barRetention = new BarPartitions(barRetention).retention();
    }

    public static PriceTableSink fromConfiguration(ReadableConfig conf) {
        return new PriceTableSink(
                JdbcSettings.target(conf),
                conf.get(JobOptions.SINK_BATCH_SIZE),
                conf.get(JobOptions.SINK_BATCH_INTERVAL),
                conf.get(JobOptions.SINK_RETRY_BACKOFF_MAX),
                conf.get(JobOptions.SINK_MAX_OUTAGE),
                conf.get(JobOptions.BARS_RETENTION));
    }

    /**
     * Attaches the sink to a stream of bars keyed (and so ordered) by token. With {@code
     * sink.parallelism} the bars are keyed by token again, so each token's bars still reach one
     * writer in order.
     */
    public static void attach(DataStream<PriceBar> bars, ReadableConfig conf) {
        Optional<Integer> parallelism = conf.getOptional(JobOptions.SINK_PARALLELISM);
        DataStream<PriceBar> in = parallelism.isPresent() ? bars.keyBy(new ByToken()) : bars;
        DataStreamSink<PriceBar> sink =
                in.sinkTo(fromConfiguration(conf)).name("PostgreSQL").uid("sink-postgresql");
        parallelism.ifPresent(sink::setParallelism);
    }

    /** A bar's token: the key that keeps each token's bars in order. */
    static final class ByToken implements KeySelector<PriceBar, String> {
        @Override
        public String getKey(PriceBar bar) {
            return bar.tokenId();
        }
    }

    @Override
    public SinkWriter<PriceBar> createWriter(WriterInitContext context) {
        return new PriceTableWriter(
                target,
                batchSize,
                batchInterval,
                maxBackoff,
                maxOutage,
                context.getProcessingTimeService(),
                context.metricGroup(),
                context.getTaskInfo().getNumberOfParallelSubtasks() > 1,
                // One writer keeps price_bars_1s's daily partitions (see BarPartitions).
                context.getTaskInfo().getIndexOfThisSubtask() == 0
                        ? new BarPartitions(barRetention)
                        : null);
    }
}
