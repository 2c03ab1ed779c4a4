package dev.polystream.ws.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystream.ws.book.HashCheck;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MarketChannelConfigTest {

    @Test
    void shouldDefaultToPolymarketsRealMarketChannel() {
        MarketChannelConfig config = MarketChannelConfig.defaults();

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
        assertThat(config.connectInterval()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void shouldRefuseNonsense() {
        MarketChannelConfig ok = MarketChannelConfig.defaults();
        assertThatThrownBy(() -> ok.withTokensPerConnection(0))
                .hasMessageContaining("tokensPerConnection");
        assertThat(ok.withTokensPerConnection(500).tokensPerConnection()).isEqualTo(500);
        assertThatThrownBy(() -> ok.withTokensPerConnection(501))
                .hasMessageContaining("between 1 and 500");
        assertThatThrownBy(() -> ok.withConnectInterval(Duration.ofMillis(-1)))
                .hasMessageContaining("connectInterval");
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
