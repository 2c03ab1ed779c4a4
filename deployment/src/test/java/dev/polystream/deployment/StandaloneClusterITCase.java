package dev.polystream.deployment;

import static dev.polystream.ws.testing.FakePolymarketServer.levels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystream.embedded.LocalKafka;
import dev.polystream.embedded.LocalPostgres;
import dev.polystream.job.testutils.Sql;
import dev.polystream.sql.SchemaMigrator;
import dev.polystream.ws.protocol.Side;
import dev.polystream.ws.testing.FakePolymarketServer;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded job jar, unchanged, on a real Flink 2.2 standalone session cluster: a JobManager and
 * two TaskManager processes started from Maven artifacts, the job submitted through Flink's CLI at
 * parallelism 2 with checkpoints in a local directory; one TaskManager is killed with SIGKILL and
 * the job recovers from its last checkpoint and keeps pricing.
 */
class StandaloneClusterITCase {

    @TempDir Path work;

    @Test
    void jobJarRunsOnAStandaloneClusterAndSurvivesALostTaskManager() throws Exception {
        Path lib = Path.of(System.getProperty("flink.lib.dir"));
        Path jar = Path.of(System.getProperty("polystream.job.jar"));
        assertThat(jar).as("the shaded job jar").exists();
        assertThat(lib.resolve("flink-runtime-2.2.1.jar")).exists();

        List<String> tokens = new ArrayList<>();
        try (LocalPostgres pg = LocalPostgres.startTemporary();
                LocalKafka kafka = LocalKafka.start();
                FakePolymarketServer polymarket = FakePolymarketServer.start();
                StandaloneFlinkCluster cluster = StandaloneFlinkCluster.start(work, lib, 2)) {
            SchemaMigrator.migrate(pg.dataSource());
            Sql sql = new Sql(pg.jdbcUrl(), pg.user());
            for (int m = 0; m < 4; m++) {
                String yes = (5000 + m) + "1".repeat(70);
                String no = (5000 + m) + "2".repeat(70);
                polymarket.addBinaryMarket(
                        "0x" + String.format("%064d", m),
                        yes,
                        no,
                        levels("0.40", "10"),
                        levels("0.44", "10"));
                tokens.add(yes);
            }
            // Three tokens come through Kafka as the gateway publishes them, one is watched.
            String topic = "polystream.subscriptions";
            kafka.createTopic(topic, 1, true);
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(
                            Map.of(
                                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                            kafka.bootstrapServers(),
                                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                                            StringSerializer.class,
                                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                                            StringSerializer.class))) {
                for (String token : tokens.subList(0, 3)) {
                    producer.send(
                                    new ProducerRecord<>(
                                            topic,
                                            token,
                                            "{\"token_id\":\""
                                                    + token
                                                    + "\",\"positions\":1,\"watchers\":0}"))
                            .get(30, TimeUnit.SECONDS);
                }
            }

            String job =
                    cluster.submit(
                            jar,
                            2,
                            "--jdbc-url",
                            pg.jdbcUrl(),
                            "--kafka",
                            kafka.bootstrapServers(),
                            "--ws-url",
                            polymarket.wsUrl().toString(),
                            "--watch",
                            tokens.get(3));

            for (String token : tokens) {
                polymarket.awaitSubscribed(token, Duration.ofSeconds(120));
            }
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(
                            () ->
                                    assertThat(
                                                    ((Number)
                                                                    sql.value(
                                                                            "SELECT count(*) FROM token_prices"))
                                                            .intValue())
                                            .isEqualTo(tokens.size()));
            assertThat(cluster.jobState(job)).isEqualTo("RUNNING");
            // Parallelism 2 spread over both TaskManagers: each token streamed exactly once.
            assertThat(
                            polymarket.subscriptionsByConnection().values().stream()
                                    .filter(s -> !s.isEmpty()))
                    .hasSize(2);

            await().atMost(Duration.ofSeconds(60))
                    .until(
                            () ->
                                    cluster.rest("/jobs/" + job + "/checkpoints")
                                                    .path("counts")
                                                    .path("completed")
                                                    .asInt()
                                            >= 2);
            cluster.killTaskManager("tm1");

            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .until(
                            () -> {
                                JsonNode restored =
                                        cluster.rest("/jobs/" + job + "/checkpoints")
                                                .path("latest")
                                                .path("restored");
                                return !restored.isMissingNode()
                                        && !restored.isNull()
                                        && cluster.jobState(job).equals("RUNNING");
                            });
            // Every token is streamed again (the survivors' subtasks restored the intents).
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(
                            () -> assertThat(polymarket.subscribedTokens()).containsAll(tokens));

            // And the recovered job keeps pricing.
            for (String token : tokens) {
                polymarket.priceChange(token, Side.BUY, "0.42", "5");
            }
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(
                            () ->
                                    assertThat(
                                                    sql
                                                            .rows(
                                                                    "SELECT best_bid FROM token_prices")
                                                            .stream()
                                                            .map(
                                                                    r ->
                                                                            (BigDecimal)
                                                                                    r.get(
                                                                                            "best_bid"))
                                                            .toList())
                                            .hasSize(tokens.size())
                                            .allMatch(
                                                    bid ->
                                                            bid.compareTo(new BigDecimal("0.42"))
                                                                    == 0));

            cluster.cli(Duration.ofSeconds(60), "cancel", job);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> cluster.jobState(job).equals("CANCELED"));
            assertThat(Files.list(work.resolve("checkpoints"))).isNotEmpty();
        }
    }
}
