package dev.polystream.ws.flink;

import dev.polystream.intent.SubscriptionIntent;
import dev.polystream.ws.PriceTick;
import dev.polystream.ws.transport.MarketChannelConfig;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.flink.streaming.api.operators.AbstractStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.OneInputStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.StreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;

/**
 * Creates {@link PolymarketSourceOperator}s with their task's mailbox (the operator hands ticks
 * from Netty threads to the task thread through it). Serialised into the job graph: holds only the
 * config and the watch tokens.
 */
public final class PolymarketSourceOperatorFactory extends AbstractStreamOperatorFactory<PriceTick>
        implements OneInputStreamOperatorFactory<SubscriptionIntent, PriceTick> {

    private static final long serialVersionUID = 1L;

    private final MarketChannelConfig config;
    private final SourceUpkeep upkeep;
    private final List<String> watchTokens;

    public PolymarketSourceOperatorFactory(MarketChannelConfig config, Set<String> watchTokens) {
        this(config, SourceUpkeep.defaults(), watchTokens);
    }

    public PolymarketSourceOperatorFactory(
            MarketChannelConfig config, SourceUpkeep upkeep, Set<String> watchTokens) {
        this.config = Objects.requireNonNull(config, "config");
        this.upkeep = Objects.requireNonNull(upkeep, "upkeep");
        this.watchTokens = List.copyOf(Objects.requireNonNull(watchTokens, "watchTokens"));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends StreamOperator<PriceTick>> T createStreamOperator(
            StreamOperatorParameters<PriceTick> parameters) {
        return (T)
                new PolymarketSourceOperator(parameters, config, upkeep, Set.copyOf(watchTokens));
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends StreamOperator> getStreamOperatorClass(ClassLoader classLoader) {
        return PolymarketSourceOperator.class;
    }
}
