package dev.polystream.ws.flink;

import dev.polystream.ws.PriceTick;
import dev.polystream.ws.transport.MarketChannelConfig;
import java.util.Set;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/** Entry point for jobs: the Polymarket source operator driven by subscription intent. */
public final class PolymarketSource {

    private PolymarketSource() {}

    /**
     * Broadcasts {@code intents} to the source operator, which streams every wanted token it owns
     * (plus {@code watchTokens}, always subscribed) from the market channel.
     *
     * @param parallelism number of source subtasks; each owns the tokens whose stable hash maps to
     *     it
     */
    public static SingleOutputStreamOperator<PriceTick> fromIntents(
            DataStream<SubscriptionIntent> intents,
            MarketChannelConfig config,
            Set<String> watchTokens,
            int parallelism) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
