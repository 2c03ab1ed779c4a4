package dev.polystream.job.universe;

import dev.polystream.intent.SubscriptionIntent;
import dev.polystream.job.config.JobOptions;
import dev.polystream.ws.flink.PolymarketSourceOptions;
import java.net.URI;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Wires the {@code universe} option into the job: the one subscription path stays the intent stream
 * the source operator reads; a catalogue universe only puts {@link UniverseIntentOperator} in front
 * of it.
 */
public final class UniverseIntents {

    /** Operator uid: keep it stable so checkpoints restore the catalogue. */
    public static final String UID = "universe-intents";

    private UniverseIntents() {}

    /** The configured universe; refuses a bad value, or Kafka off with {@code wanted}. */
    public static Universe of(ReadableConfig conf) {
        Universe universe = Universe.parse(conf.get(JobOptions.UNIVERSE));
        if (!universe.readsCatalogue() && !conf.get(JobOptions.UNIVERSE_KAFKA_INTENTS)) {
            throw new IllegalArgumentException(
                    JobOptions.UNIVERSE_KAFKA_INTENTS.key()
                            + "=false leaves universe=wanted with nothing to stream: set universe"
                            + " to 'all' or a filter, or turn Kafka intents back on");
        }
        return universe;
    }

    /** Whether the job reads the Kafka intent topic at all. */
    public static boolean readsKafka(ReadableConfig conf) {
        return !of(conf).readsCatalogue() || conf.get(JobOptions.UNIVERSE_KAFKA_INTENTS);
    }

    /**
     * {@code kafka} (null: no Kafka) merged with the catalogue the universe selects; {@code kafka}
     * as it is for {@code wanted}.
     */
    public static DataStream<SubscriptionIntent> intents(
            StreamExecutionEnvironment env,
            DataStream<SubscriptionIntent> kafka,
            ReadableConfig conf) {
        Universe universe = of(conf);
        if (!universe.readsCatalogue()) {
            return kafka;
        }
        DataStream<SubscriptionIntent> input = kafka != null ? kafka : noIntents(env);
        return input.transform(
                        "universe " + universe,
                        TypeInformation.of(SubscriptionIntent.class),
                        new UniverseIntentOperator(
                                universe,
                                URI.create(conf.get(PolymarketSourceOptions.GAMMA_URL)),
                                conf.get(JobOptions.UNIVERSE_REFRESH_INTERVAL)))
                .uid(UID)
                .setParallelism(1);
    }

    /**
     * An endless stream without intents, where Kafka is off: the catalogue operator (and the source
     * after it) must not finish. One dropped number a minute keeps it alive.
     */
    static DataStream<SubscriptionIntent> noIntents(StreamExecutionEnvironment env) {
        DataGeneratorSource<Long> clock =
                new DataGeneratorSource<>(
                        n -> n,
                        Long.MAX_VALUE,
                        RateLimiterStrategy.perSecond(1.0 / 60),
                        Types.LONG);
        return env.fromSource(clock, WatermarkStrategy.noWatermarks(), "no intents (Kafka off)")
                .uid("no-intents")
                .setParallelism(1)
                .flatMap((Long n, org.apache.flink.util.Collector<SubscriptionIntent> out) -> {})
                .returns(TypeInformation.of(SubscriptionIntent.class))
                .name("no intents")
                .uid("no-intents-drop")
                .setParallelism(1);
    }
}
