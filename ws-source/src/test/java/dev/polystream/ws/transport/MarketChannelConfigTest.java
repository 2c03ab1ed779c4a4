package dev.polystream.ws.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystream.ws.book.HashCheck;
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
        assertThat(config.snapshotTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.hashCheck()).isEqualTo(HashCheck.ENTRIES);
        assertThat(config.hashMismatchResync()).isEqualTo(3);
        assertThat(config.fallbackAfter()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.restUrl()).isEqualTo(URI.create("https://clob.polymarket.com"));
        assertThat(config.restPollInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.restTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.restCheckInterval()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void shouldReadEveryKeyFromAFlinkConfiguration() {
        Configuration conf =
                Configuration.fromMap(
                        java.util.Map.ofEntries(
                                java.util.Map.entry("ws.url", "ws://127.0.0.1:9/ws/market"),
                                java.util.Map.entry("ws.ping-interval", "2 s"),
                                java.util.Map.entry("ws.pong-timeout", "5 s"),
                                java.util.Map.entry("ws.data-timeout", "1 min"),
                                java.util.Map.entry("ws.backoff.initial", "10 ms"),
                                java.util.Map.entry("ws.backoff.max", "3 s"),
                                java.util.Map.entry("ws.tokens-per-connection", "50"),
                                java.util.Map.entry("ws.max-frame-bytes", "65536"),
                                java.util.Map.entry("ws.subscribe-batch-delay", "20 ms"),
                                java.util.Map.entry("ws.snapshot-timeout", "4 s"),
                                java.util.Map.entry("ws.hash-check", "snapshots"),
                                java.util.Map.entry("ws.hash-mismatch-resync", "0"),
                                java.util.Map.entry("ws.fallback-after", "1500 ms"),
                                java.util.Map.entry("rest.url", "http://127.0.0.1:9"),
                                java.util.Map.entry("rest.poll-interval", "300 ms"),
                                java.util.Map.entry("rest.timeout", "2 s"),
                                java.util.Map.entry("rest.check-interval", "0 s")));

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
                                Duration.ofMillis(20),
                                Duration.ofSeconds(4),
                                HashCheck.SNAPSHOTS,
                                0,
                                Duration.ofMillis(1500),
                                URI.create("http://127.0.0.1:9"),
                                Duration.ofMillis(300),
                                Duration.ofSeconds(2),
                                Duration.ZERO));
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
                                PolymarketSourceOptions.SUBSCRIBE_BATCH_DELAY,
                                PolymarketSourceOptions.SNAPSHOT_TIMEOUT,
                                PolymarketSourceOptions.HASH_CHECK,
                                PolymarketSourceOptions.HASH_MISMATCH_RESYNC,
                                PolymarketSourceOptions.FALLBACK_AFTER,
                                PolymarketSourceOptions.REST_URL,
                                PolymarketSourceOptions.REST_POLL_INTERVAL,
                                PolymarketSourceOptions.REST_TIMEOUT,
                                PolymarketSourceOptions.REST_CHECK_INTERVAL))
                .allSatisfy(
                        option -> {
                            assertThat(option.key()).matches("(ws|rest)\\..+");
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
                                ok.withRestFallback(
                                        URI.create("ftp://x"),
                                        Duration.ofSeconds(1),
                                        Duration.ofSeconds(1)))
                .hasMessageContaining("http://");
        assertThatThrownBy(() -> ok.withSnapshotTimeout(Duration.ZERO))
                .hasMessageContaining("snapshotTimeout");
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
