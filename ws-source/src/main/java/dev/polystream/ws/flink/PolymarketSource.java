package dev.polystream.ws.flink;

import dev.polystream.intent.SubscriptionIntent;
import dev.polystream.ws.PriceTick;
import dev.polystream.ws.transport.MarketChannelConfig;
import java.util.Objects;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/** Entry point for jobs: the Polymarket source operator driven by subscription intent. */
public final class PolymarketSource {

    /** Operator name, also its uid: keep it stable so checkpoints restore the intents. */
    public static final String UID = "polymarket-source";

    private PolymarketSource() {}

    /**
     * Broadcasts {@code intents} to the source operator, which streams every wanted token it owns
     * (plus {@code watchTokens}, always subscribed) from the market channel.
     *
     * <p>The output carries each tick's exchange time as its record timestamp but no watermarks
     * (incoming ones are swallowed): assign event-time watermarks downstream. The operator finishes
     * when {@code intents} ends, so give it an unbounded stream.
     *
     * @param parallelism number of source subtasks; each owns the tokens whose stable hash maps to
     *     it
     */
    public static SingleOutputStreamOperator<PriceTick> fromIntents(
            DataStream<SubscriptionIntent> intents,
            MarketChannelConfig config,
            Set<String> watchTokens,
            int parallelism) {
        return fromIntents(intents, config, SourceUpkeep.defaults(), watchTokens, parallelism);
    }

    /** As above, with the operator's periodic chores ({@link SourceUpkeep}) spelled out. */
    public static SingleOutputStreamOperator<PriceTick> fromIntents(
            DataStream<SubscriptionIntent> intents,
            MarketChannelConfig config,
            SourceUpkeep upkeep,
            Set<String> watchTokens,
            int parallelism) {
        Objects.requireNonNull(intents, "intents");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(watchTokens, "watchTokens");
        if (parallelism < 1) {
            throw new IllegalArgumentException(
                    "The Polymarket source needs a parallelism of at least 1, got " + parallelism);
        }
        return intents.broadcast()
                .transform(
                        "Polymarket market channel",
                        TypeInformation.of(PriceTick.class),
                        new PolymarketSourceOperatorFactory(config, upkeep, watchTokens))
                .uid(UID)
                .setParallelism(parallelism);
    }
}
