package dev.polystream.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.polystream.embedded.LocalKafka;
import dev.polystream.embedded.LocalPostgres;
import dev.polystream.gateway.domain.Position;
import dev.polystream.gateway.outbox.RelayStatus;
import dev.polystream.gateway.testutils.SharedInfrastructure;
import dev.polystream.gateway.testutils.TopicReader;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The assembled gateway, configured the way GatewayMain configures it. */
@ExtendWith(SharedInfrastructure.class)
class GatewayITCase {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @BeforeEach
    void setUp() {
        SharedInfrastructure.truncate();
    }

    private static Map<String, String> conf(String jdbcUrl, String topic) {
        LocalKafka kafka = SharedInfrastructure.kafka();
        Map<String, String> conf = new HashMap<>();
        conf.put("jdbc.url", jdbcUrl);
        conf.put("jdbc.user", SharedInfrastructure.GATEWAY_ROLE);
        conf.put("kafka.bootstrap-servers", kafka.bootstrapServers());
        conf.put("kafka.topic", topic);
        conf.put("relay.poll-interval", "50ms");
        return conf;
    }

    @Test
    void shouldOpenAPositionAndPublishItsIntentThroughTheAssembledGateway() {
        LocalPostgres postgres = SharedInfrastructure.postgres();
        GatewayConfig config =
                GatewayConfig.from(
                        conf(postgres.jdbcUrl(), "gateway.it"),
                        Map.of("POLYSTREAM_JDBC_PASSWORD", ""));

        Gateway gateway = Gateway.start(config);
        try (TopicReader reader =
                new TopicReader(SharedInfrastructure.kafka().bootstrapServers(), "gateway.it")) {
            await().atMost(WAIT).until(() -> gateway.relayStatus().isHealthy());

            Position p =
                    gateway.positions()
                            .open(
                                    7L,
                                    "m-1",
                                    "tok-g",
                                    "No",
                                    new BigDecimal("3"),
                                    new BigDecimal("0.2"));
            assertThat(p.id()).isPositive();

            await().atMost(WAIT)
                    .untilAsserted(
                            () -> {
                                reader.poll();
                                assertThat(reader.positionCounts("tok-g")).containsExactly(1);
                            });
            assertThat(gateway.relayStatus().published()).isEqualTo(1);
        } finally {
            long started = System.nanoTime();
            gateway.close();
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isLessThan(Duration.ofSeconds(5));
        }
        assertThat(gateway.relayStatus().state()).isEqualTo(RelayStatus.State.STOPPED);
    }

    @Test
    void shouldRefuseToStartAgainstADatabaseWithoutTheSchema() {
        SharedInfrastructure.asSuperuser("DROP DATABASE IF EXISTS bare");
        SharedInfrastructure.asSuperuser("CREATE DATABASE bare");
        String bareUrl =
                SharedInfrastructure.postgres().jdbcUrl().replaceFirst("/postgres$", "/bare");

        assertThatThrownBy(
                        () ->
                                Gateway.start(
                                        GatewayConfig.from(
                                                conf(bareUrl, "gateway.bare"), Map.of())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(
                        "lacks the polystream schema or grants for polystream_gateway");
    }

    @Test
    void shouldRefuseToStartWhenPostgresIsUnreachableWithoutShowingThePassword() {
        GatewayConfig config =
                GatewayConfig.from(
                        conf("jdbc:postgresql://127.0.0.1:1/polystream", "gateway.none"),
                        Map.of("POLYSTREAM_JDBC_PASSWORD", "do-not-show"));

        assertThatThrownBy(() -> Gateway.start(config))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(
                        "Cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/polystream"
                                + " as polystream_gateway")
                .hasMessageNotContaining("do-not-show");
    }
}
