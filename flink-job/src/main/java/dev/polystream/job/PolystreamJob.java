package dev.polystream.job;

import dev.polystream.intent.SubscriptionIntent;
import dev.polystream.job.backfill.HistoryBackfillStage;
import dev.polystream.job.bar.ExchangeTimeWatermarks;
import dev.polystream.job.bar.OneSecondBars;
import dev.polystream.job.bar.PriceBar;
import dev.polystream.job.config.JobArguments;
import dev.polystream.job.config.JobOptions;
import dev.polystream.job.export.BarTopic;
import dev.polystream.job.intent.IntentSource;
import dev.polystream.job.sink.PriceTableSink;
import dev.polystream.job.universe.UniverseIntents;
import dev.polystream.ws.PriceTick;
import dev.polystream.ws.flink.PolymarketSource;
import dev.polystream.ws.flink.PolymarketSourceOptions;
import dev.polystream.ws.flink.SourceUpkeep;
import java.time.Duration;
import java.util.LinkedHashSet;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The live job: subscription intent from Kafka (and/or Gamma's catalogue) → Polymarket source
 * operator → one-second bars per token → JDBC sinks. {@link #main} only wires the production
 * pieces; the topology itself takes its sources as parameters so tests can drive it.
 */
public final class PolystreamJob {

    public static final String JOB_NAME = "polystream";

    private PolystreamJob() {}

    /** Entry point for {@code flink run}: arguments as {@link JobArguments} describes. */
    public static void main(String[] args) throws Exception {
        Configuration conf = JobArguments.parse(args).configuration();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        buildLive(env, conf);
        env.execute(JOB_NAME);
    }

    /**
     * Adds the live topology, reading intent from the configured Kafka topic. A missing topic is
     * created with the configured settings when {@code kafka.topic.create} is on, else refused with
     * a {@link dev.polystream.intent.MissingTopicException}. With a catalogue {@code universe} the
     * intents pass through {@link UniverseIntents} (and Kafka may be off).
     */
    public static void buildLive(StreamExecutionEnvironment env, ReadableConfig conf) {
        configureCheckpointing(env, conf);
        if (conf.getOptional(PipelineOptions.AUTO_WATERMARK_INTERVAL).isEmpty()) {
            // The wall-clock advance is checked this often: a quiet second closes within it.
            env.getConfig().setAutoWatermarkInterval(20);
        }
        DataStream<SubscriptionIntent> kafka = null;
        if (UniverseIntents.readsKafka(conf)) {
            String bootstrap = conf.get(JobOptions.KAFKA_BOOTSTRAP_SERVERS);
            String topic = conf.get(JobOptions.KAFKA_TOPIC);
            IntentSource.ensureTopic(bootstrap, IntentSource.topic(conf));
            kafka =
                    env.fromSource(
                                    IntentSource.create(
                                            bootstrap, topic, conf.get(JobOptions.KAFKA_GROUP_ID)),
                                    WatermarkStrategy.noWatermarks(),
                                    "subscription intent")
                            .uid("subscription-intent")
                            .setParallelism(1);
        }
        DataStream<SubscriptionIntent> intents = UniverseIntents.intents(env, kafka, conf);
        priceTopology(intents, conf);
    }

    /** Checkpoint interval when the cluster or the arguments set none. */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

    /**
     * Checkpointing is always on. Flink's own keys decide ({@code execution.checkpointing.*}, from
     * the cluster's config or {@code --conf}); without them: every 10 s. A sink blocked by a
     * database outage makes checkpoints expire; within the sink's outage budget that must not fail
     * the job (the sink catches up when the database returns), so unless configured the job
     * tolerates as many failed checkpoints as fit in {@code sink.max-outage}, and two more.
     */
    static void configureCheckpointing(StreamExecutionEnvironment env, ReadableConfig conf) {
        if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            env.enableCheckpointing(DEFAULT_CHECKPOINT_INTERVAL.toMillis());
        }
        if (conf.getOptional(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER).isEmpty()) {
            env.getCheckpointConfig()
                    .setTolerableCheckpointFailureNumber(
                            tolerableCheckpointFailures(
                                    conf.get(JobOptions.SINK_MAX_OUTAGE),
                                    Duration.ofMillis(
                                            env.getCheckpointConfig().getCheckpointInterval())));
        }
    }

    /** The checkpoints that may fail while the sink rides out an outage it is allowed to. */
    static int tolerableCheckpointFailures(Duration maxOutage, Duration checkpointInterval) {
        long interval = Math.max(1, checkpointInterval.toMillis());
        long fit = (maxOutage.toMillis() + interval - 1) / interval;
        return (int) Math.min(Integer.MAX_VALUE - 2, fit) + 2;
    }

    /** Source operator, bars and sinks, driven by {@code intents}. */
    public static void priceTopology(DataStream<SubscriptionIntent> intents, ReadableConfig conf) {
        int parallelism =
                conf.getOptional(JobOptions.SOURCE_PARALLELISM)
                        .orElse(intents.getExecutionEnvironment().getParallelism());
        SingleOutputStreamOperator<PriceTick> ticks =
                PolymarketSource.fromIntents(
                        intents,
                        PolymarketSourceOptions.marketChannelConfig(conf),
                        SourceUpkeep.fromConfiguration(conf)
                                .withNewMarkets(UniverseIntents.of(conf).isAll()),
                        new LinkedHashSet<>(conf.get(JobOptions.WATCH)),
                        parallelism);
        DataStream<PriceBar> bars =
                bars(
                        ticks,
                        ExchangeTimeWatermarks.live(
                                conf.get(JobOptions.WATERMARK_OUT_OF_ORDERNESS),
                                conf.get(JobOptions.WATERMARK_WALL_CLOCK_LAG)));
        PriceTableSink.attach(bars, conf);
        BarTopic.attach(bars, conf);
        HistoryBackfillStage.attach(ticks, conf);
    }

    /** Ticks → event time → one bar per token per exchange-time second. */
    public static SingleOutputStreamOperator<PriceBar> bars(
            DataStream<PriceTick> ticks, WatermarkStrategy<PriceTick> watermarks) {
        return ticks.assignTimestampsAndWatermarks(watermarks)
                .name("exchange-time watermarks")
                .uid("exchange-time-watermarks")
                .keyBy(new ByToken())
                .process(new OneSecondBars())
                .name("one-second bars")
                .uid("one-second-bars");
    }

    /** Keys ticks by token id. */
    public static final class ByToken implements KeySelector<PriceTick, String> {
        @Override
        public String getKey(PriceTick tick) {
            return tick.tokenId();
        }
    }
}
