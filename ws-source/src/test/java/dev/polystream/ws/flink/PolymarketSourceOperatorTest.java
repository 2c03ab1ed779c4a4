package dev.polystream.ws.flink;

import static dev.polystream.ws.testing.FakePolymarketServer.levels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.polystream.intent.SubscriptionIntent;
import dev.polystream.ws.PriceTick;
import dev.polystream.ws.TickKind;
import dev.polystream.ws.protocol.Side;
import dev.polystream.ws.testing.FakePolymarketServer;
import dev.polystream.ws.transport.MarketChannelConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.tasks.mailbox.Mail;
import org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailbox;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator in Flink's test harness (mailbox drained by hand), against the fake server. */
class PolymarketSourceOperatorTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String MARKET = "0x" + "ef".repeat(32);
    private static final long T0 = 1_790_000_000_000L;

    private FakePolymarketServer server;
    private final List<OneInputStreamOperatorTestHarness<SubscriptionIntent, PriceTick>> harnesses =
            new ArrayList<>();

    /** Two tokens owned by subtask 0 of 2 and two owned by subtask 1, found deterministically. */
    private final Map<Integer, List<String>> tokensBySubtask = new HashMap<>();

    @BeforeEach
    void start() {
        server = FakePolymarketServer.start();
        server.setTime(T0);
        for (int i = 0; tokensBySubtask.values().stream().mapToInt(List::size).sum() < 4; i++) {
            String token = "90000" + i;
            List<String> owned =
                    tokensBySubtask.computeIfAbsent(
                            TokenOwnership.ownerOf(token, 2), k -> new ArrayList<>());
            if (owned.size() < 2) {
                owned.add(token);
            }
        }
        server.addBinaryMarket(
                MARKET, yes(), no(), levels("0.30", "10", "0.35", "5"), levels("0.37", "8"));
    }

    @AfterEach
    void stop() throws Exception {
        for (var harness : harnesses) {
            harness.close();
        }
        server.close();
    }

    private String yes() {
        return tokensBySubtask.get(0).get(0);
    }

    private String no() {
        return tokensBySubtask.get(1).get(0);
    }

    private MarketChannelConfig config() {
        return MarketChannelConfig.defaults(server.wsUrl())
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
                .withSubscribeBatchDelay(Duration.ofMillis(20));
    }

    private OneInputStreamOperatorTestHarness<SubscriptionIntent, PriceTick> harness(
            int parallelism, int subtask, Set<String> watch) throws Exception {
        var harness =
                new OneInputStreamOperatorTestHarness<SubscriptionIntent, PriceTick>(
                        new PolymarketSourceOperatorFactory(config(), watch),
                        128,
                        parallelism,
                        subtask);
        harnesses.add(harness);
        return harness;
    }

    private static PolymarketSourceOperator operator(
            OneInputStreamOperatorTestHarness<SubscriptionIntent, PriceTick> harness) {
        return (PolymarketSourceOperator) harness.getOperator();
    }

    private static void intents(
            OneInputStreamOperatorTestHarness<SubscriptionIntent, PriceTick> harness,
            SubscriptionIntent... intents)
            throws Exception {
        for (SubscriptionIntent intent : intents) {
            harness.processElement(intent, 0L);
        }
    }

    /** Runs the mails the Netty threads queued, as the task thread would. */
    private static void drain(OneInputStreamOperatorTestHarness<SubscriptionIntent, PriceTick> h)
            throws Exception {
        TaskMailbox mailbox = h.getTaskMailbox();
        Optional<Mail> mail;
        while ((mail = mailbox.tryTake(TaskMailbox.MIN_PRIORITY)).isPresent()) {
            mail.get().run();
        }
    }

    private static List<StreamRecord<? extends PriceTick>> records(
            OneInputStreamOperatorTestHarness<SubscriptionIntent, PriceTick> h) throws Exception {
        drain(h);
        return h.extractOutputStreamRecords();
    }

    private static long count(Collection<Set<String>> sets, String token) {
        return sets.stream().filter(s -> s.contains(token)).count();
    }

    @Test
    void shouldUseFlinkPojoSerializersForTheContractTypes() {
        assertThat(TypeInformation.of(PriceTick.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(SubscriptionIntent.class)).isInstanceOf(PojoTypeInfo.class);
    }

    @Test
    void shouldEmitTicksOfWantedTokensWithTheirExchangeTime() throws Exception {
        var h = harness(1, 0, Set.of());
        h.open();

        intents(h, new SubscriptionIntent(yes(), 1, 0));
        await().pollInSameThread().atMost(WAIT).until(() -> !records(h).isEmpty());
        server.priceChange(yes(), Side.BUY, "0.36", "4", T0 + 1_500);
        await().pollInSameThread().atMost(WAIT).until(() -> records(h).size() >= 2);

        List<StreamRecord<? extends PriceTick>> records = records(h);
        PriceTick snapshot = records.get(0).getValue();
        assertThat(snapshot.kind()).isEqualTo(TickKind.BOOK);
        assertThat(snapshot.price()).isEqualTo(new BigDecimal("0.36"));
        assertThat(records.get(0).getTimestamp()).isEqualTo(T0);
        PriceTick change = records.get(1).getValue();
        assertThat(change.kind()).isEqualTo(TickKind.PRICE_CHANGE);
        assertThat(change.price()).isEqualTo(new BigDecimal("0.365"));
        assertThat(records.get(1).getTimestamp()).isEqualTo(T0 + 1_500);
        assertThat(records).allMatch(r -> r.getValue().tokenId().equals(yes()));
    }

    @Test
    void shouldSubscribeOnlyOwnedTokensEachExactlyOnce() throws Exception {
        var h0 = harness(2, 0, Set.of());
        var h1 = harness(2, 1, Set.of());
        h0.open();
        h1.open();
        List<String> all = new ArrayList<>();
        tokensBySubtask.values().forEach(all::addAll);

        for (var h : List.of(h0, h1)) {
            for (String token : all) {
                intents(h, new SubscriptionIntent(token, 1, 0));
            }
        }

        await().pollInSameThread()
                .atMost(WAIT)
                .until(() -> server.subscribedTokens().containsAll(all));
        assertThat(operator(h0).subscribedTokens())
                .containsExactlyInAnyOrderElementsOf(tokensBySubtask.get(0));
        assertThat(operator(h1).subscribedTokens())
                .containsExactlyInAnyOrderElementsOf(tokensBySubtask.get(1));
        Collection<Set<String>> byConnection = server.subscriptionsByConnection().values();
        assertThat(byConnection).hasSize(2);
        assertThat(all).allSatisfy(t -> assertThat(count(byConnection, t)).isEqualTo(1));
    }

    @Test
    void shouldStreamAnAnnouncedMarketsOwnedTokensOnlyWhenAskedTo() throws Exception {
        SourceUpkeep off = new SourceUpkeep(Duration.ZERO, server.restUrl(), Duration.ZERO);
        List<OneInputStreamOperatorTestHarness<SubscriptionIntent, PriceTick>> all =
                new ArrayList<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            var h =
                    new OneInputStreamOperatorTestHarness<SubscriptionIntent, PriceTick>(
                            new PolymarketSourceOperatorFactory(
                                    config(), off.withNewMarkets(subtask == 0), Set.of()),
                            128,
                            2,
                            subtask);
            harnesses.add(h);
            h.open();
            // A token each, so that each subtask has a socket with the custom features.
            intents(h, new SubscriptionIntent(tokensBySubtask.get(subtask).get(0), 1, 0));
            all.add(h);
        }
        server.awaitSubscribed(yes(), WAIT);
        server.awaitSubscribed(no(), WAIT);
        String ownedBy0 = tokensBySubtask.get(0).get(1);
        String ownedBy1 = tokensBySubtask.get(1).get(1);
        String market = "0x" + "a7".repeat(32);
        server.addBinaryMarket(market, ownedBy0, ownedBy1, levels("0.1", "5"), levels("0.2", "5"));

        server.announceNewMarket(market, "Announced?");
        await().pollInSameThread()
                .atMost(WAIT)
                .until(
                        () -> {
                            drain(all.get(0));
                            drain(all.get(1));
                            return operator(all.get(0)).subscribedTokens().contains(ownedBy0);
                        });
        server.awaitSubscribed(ownedBy0, WAIT);
        assertThat(operator(all.get(0)).subscribedTokens())
                .containsExactlyInAnyOrder(yes(), ownedBy0);
        // Subtask 1 does not subscribe new markets; subtask 0 does not take 1's token.
        await().pollInSameThread()
                .during(Duration.ofMillis(500))
                .atMost(WAIT)
                .until(
                        () -> {
                            drain(all.get(1));
                            return !server.subscribedTokens().contains(ownedBy1);
                        });
        assertThat(operator(all.get(1)).subscribedTokens()).containsExactly(no());
    }

    @Test
    void shouldAlwaysStreamOwnedWatchTokensAndDropUnwantedOnes() throws Exception {
        String watched = tokensBySubtask.get(0).get(1);
        String notOwned = tokensBySubtask.get(1).get(1);
        var h = harness(2, 0, Set.of(watched, notOwned));
        h.open();
        server.awaitSubscribed(watched, WAIT);

        intents(
                h,
                new SubscriptionIntent(yes(), 0, 2),
                new SubscriptionIntent(watched, 1, 0),
                new SubscriptionIntent(watched, 0, 0));
        server.awaitSubscribed(yes(), WAIT);
        intents(h, new SubscriptionIntent(yes(), 0, 0));

        server.awaitUnsubscribed(yes(), WAIT);
        assertThat(server.subscribedTokens()).containsExactly(watched);
        assertThat(operator(h).subscribedTokens()).containsExactly(watched);
    }

    @Test
    void shouldSwallowTheIntentStreamsWatermarks() throws Exception {
        var h = harness(1, 0, Set.of());
        h.open();

        h.processWatermark(new Watermark(5_000L));
        h.processWatermarkStatus(WatermarkStatus.IDLE);
        h.processWatermark(new Watermark(Long.MAX_VALUE));

        drain(h);
        assertThat(h.getOutput()).isEmpty();
    }

    @Test
    void shouldRestoreIntentsFromUnionStateAndResubscribe() throws Exception {
        var h0 = harness(2, 0, Set.of());
        var h1 = harness(2, 1, Set.of());
        h0.open();
        h1.open();
        List<SubscriptionIntent> intents = new ArrayList<>();
        tokensBySubtask
                .values()
                .forEach(ts -> ts.forEach(t -> intents.add(new SubscriptionIntent(t, 1, 1))));
        intents.add(new SubscriptionIntent("not-wanted", 0, 0));
        for (var h : List.of(h0, h1)) {
            intents(h, intents.toArray(SubscriptionIntent[]::new));
        }
        OperatorSubtaskState s0 = h0.snapshot(1L, 1L);
        OperatorSubtaskState s1 = h1.snapshot(1L, 1L);
        h0.close();
        h1.close();
        harnesses.clear();
        server.awaitConnections(0, WAIT);

        // scale in to one subtask: it owns every token and must stream all wanted ones at once
        OperatorSubtaskState merged = AbstractStreamOperatorTestHarness.repackageState(s0, s1);
        var restored = harness(1, 0, Set.of());
        restored.initializeState(
                AbstractStreamOperatorTestHarness.repartitionOperatorState(merged, 128, 2, 1, 0));
        restored.open();

        List<String> wanted =
                intents.stream()
                        .filter(SubscriptionIntent::wanted)
                        .map(SubscriptionIntent::tokenId)
                        .toList();
        await().pollInSameThread()
                .atMost(WAIT)
                .until(() -> server.subscribedTokens().containsAll(wanted));
        assertThat(operator(restored).subscribedTokens())
                .containsExactlyInAnyOrderElementsOf(wanted);
        // the restored subscription went out in the new socket's initial subscription
        var initial = server.subscriptionLog().get(server.subscriptionLog().size() - 1);
        assertThat(initial.operation()).isEqualTo("initial");
        assertThat(initial.tokens()).containsExactlyInAnyOrderElementsOf(wanted);
    }

    @Test
    void shouldPauseReadingWhileTheMailboxIsBackedUp() throws Exception {
        var h = harness(1, 0, Set.of());
        h.open();
        intents(h, new SubscriptionIntent(yes(), 1, 0));
        await().pollInSameThread().atMost(WAIT).until(() -> !records(h).isEmpty());
        int frames = PolymarketSourceOperator.PAUSE_ABOVE_PENDING_FRAMES + 200;

        String change =
                "{\"market\":\""
                        + MARKET
                        + "\",\"price_changes\":[{\"asset_id\":\""
                        + yes()
                        + "\",\"price\":\"0.30\",\"size\":\"11\",\"side\":\"BUY\","
                        + "\"best_bid\":\"0.35\",\"best_ask\":\"0.37\"}],\"timestamp\":\""
                        + T0
                        + "\",\"event_type\":\"price_change\"}";
        for (int i = 0; i < frames; i++) {
            server.sendRaw(change);
        }

        var client = operator(h).client();
        await().pollInSameThread().atMost(WAIT).until(client::isReadingPaused);
        assertThat(h.getTaskMailbox().size())
                .isGreaterThan(PolymarketSourceOperator.PAUSE_ABOVE_PENDING_FRAMES);

        await().pollInSameThread().atMost(WAIT).until(() -> records(h).size() == frames + 1);
        // Resuming is handed to the socket's event loop: it follows the drain, not within it.
        await().pollInSameThread()
                .atMost(WAIT)
                .untilAsserted(
                        () -> {
                            assertThat(client.isAutoRead()).isTrue();
                            assertThat(client.isReadingPaused()).isFalse();
                        });
    }
}
