package dev.polystream.gateway.outbox;

import static dev.polystream.gateway.testutils.GatewayTables.count;
import static dev.polystream.gateway.testutils.GatewayTables.outbox;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.polystream.embedded.LocalKafka;
import dev.polystream.embedded.LocalPostgres;
import dev.polystream.gateway.domain.Position;
import dev.polystream.gateway.service.PositionService;
import dev.polystream.gateway.testutils.GatewayTables.OutboxEntry;
import dev.polystream.gateway.testutils.LogCapture;
import dev.polystream.gateway.testutils.SharedInfrastructure;
import dev.polystream.gateway.testutils.TopicReader;
import dev.polystream.intent.SubscriptionIntent;
import dev.polystream.intent.SubscriptionIntentCodec;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/** The relay between real PostgreSQL and a real Kafka broker. Each test has its own topic. */
@ExtendWith(SharedInfrastructure.class)
class OutboxRelayITCase {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static LocalKafka kafka;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private String topic;
    private PositionService service;

    @BeforeAll
    static void startKafka() {
        kafka = SharedInfrastructure.kafka();
    }

    @BeforeEach
    void setUp(TestInfo info) {
        SharedInfrastructure.truncate();
        topic = "subs." + info.getTestMethod().orElseThrow().getName();
        service = new PositionService(SharedInfrastructure.gatewayDataSource(), topic, null);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private OutboxRelay.Builder relayBuilder() {
        return OutboxRelay.builder()
                .dataSource(SharedInfrastructure.gatewayDataSource())
                .bootstrapServers(kafka.bootstrapServers())
                .topic(topic)
                .pollInterval(Duration.ofMillis(50))
                .kafkaTimeout(Duration.ofSeconds(5))
                .closeTimeout(Duration.ofSeconds(5));
    }

    private OutboxRelay startRelay() {
        return start(relayBuilder().build());
    }

    private OutboxRelay start(OutboxRelay relay) {
        resources.add(relay);
        relay.start();
        await().atMost(WAIT).until(() -> relay.status().isHealthy());
        return relay;
    }

    private TopicReader reader() {
        TopicReader reader = new TopicReader(kafka.bootstrapServers(), topic);
        resources.add(reader);
        return reader;
    }

    private Position open(long user, String token) {
        return service.open(user, "m-1", token, "Yes", BigDecimal.TEN, new BigDecimal("0.5"));
    }

    private static void awaitAllSent() {
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(outbox()).isNotEmpty().allMatch(OutboxEntry::sent));
    }

    @Test
    void shouldPublishOpenThenCloseKeyedByTokenAndStampSentAt() {
        OutboxRelay relay = startRelay();
        TopicReader reader = reader();

        Position p = open(1, "tok-a");
        await().atMost(WAIT).until(() -> reader.poll().size() == 1);
        ConsumerRecord<String, String> record = reader.records().get(0);
        assertThat(record.key()).isEqualTo("tok-a");
        SubscriptionIntent intent = SubscriptionIntentCodec.fromJson(record.value());
        assertThat(intent.tokenId()).isEqualTo("tok-a");
        assertThat(intent.marketId()).isEqualTo("m-1");
        assertThat(intent.positions()).isEqualTo(1);
        assertThat(intent.watchers()).isZero();
        awaitAllSent();

        service.close(1, p.id(), new BigDecimal("0.6"));
        await().atMost(WAIT).until(() -> reader.poll().size() == 2);
        assertThat(reader.positionCounts("tok-a")).containsExactly(1, 0);
        awaitAllSent();
        assertThat(relay.status().published()).isEqualTo(2);
    }

    @Test
    void shouldPublishWatchAndUnwatchCounts() {
        startRelay();
        TopicReader reader = reader();

        service.watch(1, "tok-w", "m-1");
        service.watch(1, "tok-w", "m-1"); // no-op: nothing published
        service.watch(2, "tok-w", "m-1");
        service.unwatch(1, "tok-w");
        service.unwatch(1, "tok-w"); // no-op

        await().atMost(WAIT).until(() -> reader.poll().size() >= 3);
        awaitAllSent();
        reader.poll();
        assertThat(reader.intents("tok-w"))
                .extracting(SubscriptionIntent::watchers)
                .containsExactly(1, 2, 1);
        assertThat(reader.records()).hasSize(3);
    }

    @Test
    void shouldPublishTwentyConcurrentOpensAsIncreasingAbsoluteCounts() throws Exception {
        OutboxRelay relay = startRelay();
        service =
                new PositionService(SharedInfrastructure.gatewayDataSource(), topic, relay::wakeUp);
        TopicReader reader = reader();
        int opens = 20;
        ExecutorService pool = Executors.newFixedThreadPool(opens);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Position>> results = new ArrayList<>();
            for (int i = 0; i < opens; i++) {
                long user = 100 + i;
                results.add(
                        pool.submit(
                                () -> {
                                    go.await();
                                    return open(user, "tok-hot");
                                }));
            }
            go.countDown();
            for (Future<Position> result : results) {
                result.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        await().atMost(WAIT)
                .untilAsserted(
                        () -> {
                            reader.poll();
                            assertThat(reader.latest("tok-hot"))
                                    .hasValueSatisfying(
                                            i -> assertThat(i.positions()).isEqualTo(opens));
                        });
        List<Integer> counts = reader.positionCounts("tok-hot");
        assertThat(counts).allMatch(c -> c <= opens);
        assertThat(counts).isSortedAccordingTo(Integer::compare).doesNotHaveDuplicates();
        assertThat(counts)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, opens).boxed().toList());
    }

    @Test
    void shouldPublishRowsLeftUnsentAndResyncCurrentCountsAfterRestart() {
        OutboxRelay first = startRelay();
        TopicReader reader = reader();
        open(1, "tok-a");
        await().atMost(WAIT).until(() -> reader.poll().size() == 1);
        awaitAllSent();
        first.close();

        // Committed while no relay runs.
        open(2, "tok-a");
        open(3, "tok-a");
        service.watch(4, "tok-b", "m-2");
        assertThat(outbox()).filteredOn(r -> !r.sent()).hasSize(3);

        startRelay();
        await().atMost(WAIT)
                .untilAsserted(
                        () -> {
                            reader.poll();
                            // 2 and 3 from the rows left unsent, then the resync's current 3
                            assertThat(reader.positionCounts("tok-a")).containsExactly(1, 2, 3, 3);
                            assertThat(reader.intents("tok-b"))
                                    .extracting(SubscriptionIntent::watchers)
                                    .containsExactly(1, 1);
                        });
        awaitAllSent();
    }

    @Test
    void shouldResyncCurrentCountsIntoAFreshCompactedTopic() throws Exception {
        open(1, "tok-a");
        open(2, "tok-a");
        service.watch(1, "tok-b", "m-2");
        Position gone = open(3, "tok-c");
        service.close(3, gone.id(), new BigDecimal("0.5"));
        // Everything was published once, to a topic that has since been lost.
        SharedInfrastructure.asSuperuser("UPDATE outbox SET sent_at = now()");

        startRelay();
        TopicReader reader = reader();

        await().atMost(WAIT)
                .untilAsserted(
                        () -> {
                            reader.poll();
                            assertThat(reader.positionCounts("tok-a")).containsExactly(2);
                            assertThat(reader.intents("tok-b"))
                                    .extracting(SubscriptionIntent::watchers)
                                    .containsExactly(1);
                        });
        assertThat(reader.intents("tok-c")).as("tokens nobody wants are not resent").isEmpty();
        assertThat(reader.records()).hasSize(2);
        assertThat(cleanupPolicy(topic)).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
    }

    @Test
    void shouldNeverSendARowTwiceWithTwoRelaysRunning() {
        OutboxRelay one = startRelay();
        OutboxRelay two = startRelay();
        TopicReader reader = reader();

        for (int i = 0; i < 10; i++) {
            for (String token : List.of("tok-1", "tok-2", "tok-3")) {
                open(100 + i, token);
            }
        }

        awaitAllSent();
        await().atMost(WAIT).until(() -> reader.poll().size() >= 30);
        assertThat(reader.records()).hasSize(30);
        assertThat(one.status().published() + two.status().published()).isEqualTo(30);
        for (String token : List.of("tok-1", "tok-2", "tok-3")) {
            assertThat(reader.positionCounts(token))
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, 10).boxed().toList());
        }
    }

    @Test
    void shouldRideOutAPostgresOutageWithoutLosingRows() throws Exception {
        OutboxRelay relay = startRelay();
        TopicReader reader = reader();
        open(1, "tok-a");
        await().atMost(WAIT).until(() -> reader.poll().size() == 1);

        LocalPostgres postgres = SharedInfrastructure.postgres();
        try (LogCapture log = LogCapture.of(OutboxRelay.class)) {
            postgres.stop();
            await().atMost(WAIT)
                    .untilAsserted(
                            () -> {
                                RelayStatus status = relay.status();
                                assertThat(status.state()).isEqualTo(RelayStatus.State.DEGRADED);
                                assertThat(status.problem()).startsWith("PostgreSQL unavailable");
                            });
            Thread.sleep(1_500); // retries while PostgreSQL stays down
            assertThat(relay.status().state()).isEqualTo(RelayStatus.State.DEGRADED);
            postgres.restart();
            await().atMost(WAIT).until(() -> relay.status().isHealthy());

            open(2, "tok-a");
            await().atMost(WAIT)
                    .untilAsserted(
                            () -> {
                                reader.poll();
                                assertThat(reader.positionCounts("tok-a")).containsExactly(1, 2);
                            });
            assertThat(log.messages(Level.WARN))
                    .filteredOn(m -> m.contains("cannot reach PostgreSQL"))
                    .hasSize(1);
            assertThat(log.messages(Level.INFO))
                    .filteredOn(m -> m.startsWith("Outbox relay recovered"))
                    .hasSize(1);
        } finally {
            if (!postgres.isRunning()) {
                postgres.restart();
            }
        }
    }

    @Test
    void shouldKeepRowsWhileKafkaIsUnreachableAndStopWithinBoundedTime() throws Exception {
        open(1, "tok-a");
        OutboxRelay unreachable =
                relayBuilder()
                        .bootstrapServers("127.0.0.1:" + freePort())
                        .kafkaTimeout(Duration.ofSeconds(1))
                        .closeTimeout(Duration.ofSeconds(2))
                        .build();
        resources.add(unreachable);
        try (LogCapture log = LogCapture.of(OutboxRelay.class)) {
            unreachable.start();
            await().atMost(WAIT)
                    .untilAsserted(
                            () ->
                                    assertThat(unreachable.status().problem())
                                            .startsWith("Kafka unavailable"));
            Thread.sleep(3_000); // several retries
            open(2, "tok-a");

            long started = System.nanoTime();
            unreachable.close();
            Duration closing = Duration.ofNanos(System.nanoTime() - started);

            assertThat(closing).isLessThan(Duration.ofSeconds(5));
            assertThat(unreachable.status().state()).isEqualTo(RelayStatus.State.STOPPED);
            assertThat(log.messages(Level.WARN))
                    .filteredOn(m -> m.contains("cannot reach Kafka"))
                    .hasSize(1);
        }
        assertThat(outbox()).hasSize(2).noneMatch(OutboxEntry::sent);

        startRelay();
        TopicReader reader = reader();
        await().atMost(WAIT)
                .untilAsserted(
                        () -> {
                            reader.poll();
                            assertThat(reader.positionCounts("tok-a")).containsExactly(1, 2, 2);
                        });
        awaitAllSent();
    }

    @Test
    void shouldPurgeRowsSentLongerAgoThanTheRetention() {
        SharedInfrastructure.asSuperuser(
                "INSERT INTO outbox (topic, msg_key, payload, sent_at) VALUES"
                        + " ('old', 'k', '{}', now() - interval '2 days'),"
                        + " ('old', 'k', '{}', now() - interval '10 minutes'),"
                        + " ('old', 'k', '{}', NULL)");

        start(relayBuilder().sentRetention(Duration.ofHours(1)).build());

        await().atMost(WAIT).until(() -> count("outbox") == 2);
        assertThat(outbox()).extracting(OutboxEntry::id).containsExactly(2L, 3L);
    }

    private static String cleanupPolicy(String topic) throws Exception {
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                kafka.bootstrapServers()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config =
                    admin.describeConfigs(List.of(resource))
                            .all()
                            .get(10, TimeUnit.SECONDS)
                            .get(resource);
            return config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
