package dev.polystream.ws.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystream.ws.flink.PolymarketSourceOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class MarketChannelConfigTest {

    @Test
    void shouldDefaultToPolymarketsRealMarketChannel() {
        MarketChannelConfig config = MarketChannelConfig.fromConfiguration(new Configuration());

        assertThat(config)
                .isEqualTo(
                        MarketChannelConfig.defaults(
                                URI.create(
                                        "wss://ws-subscriptions-clob.polymarket.com/ws/market")));
        assertThat(config.pingInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.pongTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.dataTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(config.backoffInitial()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.backoffMax()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.tokensPerConnection()).isEqualTo(200);
        assertThat(config.maxFrameBytes()).isEqualTo(4 * 1024 * 1024);
        assertThat(config.subscribeBatchDelay()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void shouldReadEveryKeyFromAFlinkConfiguration() {
        Configuration conf =
                Configuration.fromMap(
                        java.util.Map.of(
                                "ws.url", "ws://127.0.0.1:9/ws/market",
                                "ws.ping-interval", "2 s",
                                "ws.pong-timeout", "5 s",
                                "ws.data-timeout", "1 min",
                                "ws.backoff.initial", "10 ms",
                                "ws.backoff.max", "3 s",
                                "ws.tokens-per-connection", "50",
                                "ws.max-frame-bytes", "65536",
                                "ws.subscribe-batch-delay", "20 ms"));

        assertThat(MarketChannelConfig.fromConfiguration(conf))
                .isEqualTo(
                        new MarketChannelConfig(
                                URI.create("ws://127.0.0.1:9/ws/market"),
                                Duration.ofSeconds(2),
                                Duration.ofSeconds(5),
                                Duration.ofMinutes(1),
                                Duration.ofMillis(10),
                                Duration.ofSeconds(3),
                                50,
                                65536,
                                Duration.ofMillis(20)));
    }

    @Test
    void shouldDescribeEveryOption() {
        assertThat(
                        java.util.List.of(
                                PolymarketSourceOptions.URL,
                                PolymarketSourceOptions.PING_INTERVAL,
                                PolymarketSourceOptions.PONG_TIMEOUT,
                                PolymarketSourceOptions.DATA_TIMEOUT,
                                PolymarketSourceOptions.BACKOFF_INITIAL,
                                PolymarketSourceOptions.BACKOFF_MAX,
                                PolymarketSourceOptions.TOKENS_PER_CONNECTION,
                                PolymarketSourceOptions.MAX_FRAME_BYTES,
                                PolymarketSourceOptions.SUBSCRIBE_BATCH_DELAY))
                .allSatisfy(
                        option -> {
                            assertThat(option.key()).startsWith("ws.");
                            assertThat(option.hasDefaultValue()).isTrue();
                            assertThat(option.description().toString()).isNotBlank();
                        });
    }

    @Test
    void shouldRefuseNonsense() {
        MarketChannelConfig ok = MarketChannelConfig.defaults();
        assertThatThrownBy(() -> ok.withTokensPerConnection(0))
                .hasMessageContaining("tokensPerConnection");
        assertThatThrownBy(() -> ok.withHeartbeat(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("pingInterval");
        assertThatThrownBy(() -> ok.withBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .hasMessageContaining("backoffMax");
        assertThatThrownBy(() -> ok.withMaxFrameBytes(10)).hasMessageContaining("maxFrameBytes");
        assertThatThrownBy(
                        () ->
                                new MarketChannelClient(
                                        ok.withUrl(URI.create("http://example.com/")), ticks -> {}))
                .hasMessageContaining("ws://");
    }

    @Test
    void shouldSurviveJavaSerialization() throws Exception {
        MarketChannelConfig config = MarketChannelConfig.defaults();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(config);
        }
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(config);
        }
    }
}
