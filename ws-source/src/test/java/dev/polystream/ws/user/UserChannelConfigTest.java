package dev.polystream.ws.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystream.ws.resilience.Backoff;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The user channel's defaults and what a config refuses. */
class UserChannelConfigTest {

    private static final URI URL = URI.create("wss://ws-subscriptions-clob.polymarket.com/ws/user");

    @Test
    void shouldHaveTheDocumentedDefaults() {
        UserChannelConfig c = UserChannelConfig.defaults(URL);
        assertThat(c.pingInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.authFailureWindow()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.authFailureAttempts()).isEqualTo(2);
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.backoff().initial()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.backoff().max()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.maxFrameBytes()).isEqualTo(1024 * 1024);
        assertThat(c.healthyPeriod()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldRefuseWhatCannotWork() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2));
        Duration s = Duration.ofSeconds(1);
        assertThatThrownBy(
                        () ->
                                new UserChannelConfig(
                                        URI.create("https://x/ws/user"), s, s, 2, s, b, 4096))
                .hasMessageContaining("ws:// or wss://");
        assertThatThrownBy(() -> new UserChannelConfig(URL, Duration.ZERO, s, 2, s, b, 4096))
                .hasMessageContaining("ping interval");
        assertThatThrownBy(() -> new UserChannelConfig(URL, s, s, 0, s, b, 4096))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UserChannelConfig(URL, s, s, 2, s, b, 10))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
