package dev.polystream.ws.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LivenessTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    private final Liveness liveness =
            new Liveness(
                    MarketChannelConfig.defaults(URI.create("ws://127.0.0.1:1/ws/market"))
                            .withHeartbeat(Duration.ofSeconds(10), Duration.ofSeconds(30))
                            .withDataTimeout(Duration.ofSeconds(120)));

    @Test
    void shouldExpireAnUnansweredPing() {
        liveness.restart(SECOND);
        liveness.pingSent(10 * SECOND);
        liveness.pingSent(20 * SECOND);
        assertThat(liveness.expired(40 * SECOND, true)).isNull();
        assertThat(liveness.expired(41 * SECOND, true)).isEqualTo(ReconnectCause.PONG_TIMEOUT);
        liveness.pong();
        assertThat(liveness.expired(41 * SECOND, true)).isNull();
    }

    @Test
    void shouldExpireASilentSocketOnlyWhileSubscribed() {
        liveness.restart(0L);
        assertThat(liveness.expired(121 * SECOND, false)).isNull();
        assertThat(liveness.expired(121 * SECOND, true)).isEqualTo(ReconnectCause.DATA_TIMEOUT);
        liveness.data(100 * SECOND);
        assertThat(liveness.expired(121 * SECOND, true)).isNull();
        assertThat(liveness.silentNanos(121 * SECOND)).isEqualTo(21 * SECOND);
    }
}
