package dev.polystream.ws.flink;

import static dev.polystream.ws.testing.FakePolymarketServer.levels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.polystream.intent.SubscriptionIntent;
import dev.polystream.ws.PriceTick;
import dev.polystream.ws.TickKind;
import dev.polystream.ws.protocol.Side;
import dev.polystream.ws.testing.CollectingSink;
import dev.polystream.ws.testing.CollectingSink.Record;
import dev.polystream.ws.testing.FakePolymarketServer;
import dev.polystream.ws.testing.QueueSource;
import dev.polystream.ws.transport.MarketChannelConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The source operator in a real Flink job on a MiniCluster, fed by the fake server. */
class PolymarketSourceITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .build());

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String MARKET = "0x" + "12".repeat(32);
    private static final String YES = "5550001";
    private static final String NO = "5550002";
    private static final long T0 = 1_790_000_000_000L;

    private FakePolymarketServer server;
    private JobClient job;

    @BeforeEach
    void startServer() {
        server = FakePolymarketServer.start();
        server.setTime(T0);
        server.addBinaryMarket(
                MARKET, YES, NO, levels("0.60", "10", "0.62", "5"), levels("0.64", "8"));
    }

    @AfterEach
    void stop() throws Exception {
        if (job != null) {
            job.cancel().get(30, TimeUnit.SECONDS);
            // the job can report CANCELED before its operators have closed their clients
            server.awaitConnections(0, WAIT);
        }
        server.close();
    }

    private static StreamExecutionEnvironment env() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.enableCheckpointing(500);
        return env;
    }

    private MarketChannelConfig config() {
        return MarketChannelConfig.defaults(server.wsUrl())
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
                .withSubscribeBatchDelay(Duration.ofMillis(20));
    }

    private CollectingSink<PriceTick> startJob(
            QueueSource<SubscriptionIntent> intents, Set<String> watch, int parallelism)
            throws Exception {
        StreamExecutionEnvironment env = env();
        DataStream<SubscriptionIntent> in =
                env.fromSource(intents, WatermarkStrategy.noWatermarks(), "intents")
                        .setParallelism(1);
        CollectingSink<PriceTick> sink = new CollectingSink<>();
        PolymarketSource.fromIntents(in, config(), watch, parallelism)
                .sinkTo(sink)
                .setParallelism(1);
        job = env.executeAsync("polymarket-source-itcase");
        return sink;
    }

    private static List<Record<PriceTick>> ticksFor(CollectingSink<PriceTick> sink, String token) {
        return sink.records().stream().filter(r -> r.value().tokenId().equals(token)).toList();
    }

    @Test
    void shouldStreamWantedTokensStampedWithExchangeTime() throws Exception {
        QueueSource<SubscriptionIntent> intents = QueueSource.create(SubscriptionIntent.class);
        CollectingSink<PriceTick> sink = startJob(intents, Set.of(), 1);

        intents.add(new SubscriptionIntent(YES, 1, 0));
        await().atMost(WAIT).until(() -> !ticksFor(sink, YES).isEmpty());
        server.priceChange(YES, Side.SELL, "0.63", "2", T0 + 2_000);
        await().atMost(WAIT)
                .until(
                        () ->
                                ticksFor(sink, YES).stream()
                                        .anyMatch(r -> r.value().kind() == TickKind.PRICE_CHANGE));

        Record<PriceTick> snapshot = ticksFor(sink, YES).get(0);
        assertThat(snapshot.value().kind()).isEqualTo(TickKind.BOOK);
        assertThat(snapshot.value().price()).isEqualTo(new BigDecimal("0.63"));
        assertThat(snapshot.timestamp()).isEqualTo(T0);
        Record<PriceTick> change =
                ticksFor(sink, YES).stream()
                        .filter(r -> r.value().kind() == TickKind.PRICE_CHANGE)
                        .findFirst()
                        .orElseThrow();
        assertThat(change.value().price()).isEqualTo(new BigDecimal("0.625"));
        assertThat(change.timestamp()).isEqualTo(T0 + 2_000);
        assertThat(sink.values()).noneMatch(t -> t.tokenId().equals(NO));

        intents.add(new SubscriptionIntent(YES, 0, 0));
        server.awaitUnsubscribed(YES, WAIT);
    }

    @Test
    void shouldSplitTokensOverSubtasksSubscribingEachExactlyOnce() throws Exception {
        QueueSource<SubscriptionIntent> intents = QueueSource.create(SubscriptionIntent.class);
        String watch = "5559999";
        List<String> tokens = new ArrayList<>(List.of(YES, NO));
        for (int i = 0; i < 10; i++) {
            tokens.add("55600" + i);
        }
        CollectingSink<PriceTick> sink = startJob(intents, Set.of(watch), 2);

        tokens.forEach(t -> intents.add(new SubscriptionIntent(t, 1, 0)));
        List<String> expected = new ArrayList<>(tokens);
        expected.add(watch);
        await().atMost(WAIT).until(() -> server.subscribedTokens().containsAll(expected));
        server.priceChange(YES, Side.BUY, "0.61", "3");

        Collection<Set<String>> byConnection = server.subscriptionsByConnection().values();
        assertThat(byConnection).hasSize(2);
        assertThat(server.subscribedTokens()).containsExactlyInAnyOrderElementsOf(expected);
        for (String token : expected) {
            assertThat(byConnection.stream().filter(s -> s.contains(token)).count())
                    .as("connections subscribed to %s", token)
                    .isEqualTo(1);
        }
        // the two subtasks do not agree by accident: tokens of both owners are present
        assertThat(expected.stream().map(t -> TokenOwnership.ownerOf(t, 2)).distinct())
                .containsExactlyInAnyOrder(0, 1);
        await().atMost(WAIT)
                .until(() -> ticksFor(sink, NO).size() >= 2 && ticksFor(sink, YES).size() >= 2);
    }
}
