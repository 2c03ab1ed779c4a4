package dev.polystream.ws.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystream.ws.book.HashCheck;
import dev.polystream.ws.transport.MarketChannelConfig;
import java.net.URI;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** The Flink keys of the source: their defaults are the client core's, and every key is read. */
class PolymarketSourceOptionsTest {

    @Test
    void shouldDefaultToTheClientCoresDefaults() {
        assertThat(PolymarketSourceOptions.marketChannelConfig(new Configuration()))
                .isEqualTo(MarketChannelConfig.defaults());
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
                                java.util.Map.entry("rest.check-interval", "0 s"),
                                java.util.Map.entry("ws.connect-interval", "400 ms")));

        assertThat(PolymarketSourceOptions.marketChannelConfig(conf))
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
                                Duration.ZERO,
                                Duration.ofMillis(400)));
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
                                PolymarketSourceOptions.REST_CHECK_INTERVAL,
                                PolymarketSourceOptions.CONNECT_INTERVAL))
                .allSatisfy(
                        option -> {
                            assertThat(option.key()).matches("(ws|rest)\\..+");
                            assertThat(option.hasDefaultValue()).isTrue();
                            assertThat(option.description().toString()).isNotBlank();
                        });
    }
}
