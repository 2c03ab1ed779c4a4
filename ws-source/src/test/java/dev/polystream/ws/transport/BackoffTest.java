package dev.polystream.ws.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final MarketChannelConfig config =
            MarketChannelConfig.defaults(URI.create("ws://127.0.0.1:1/ws/market"))
                    .withBackoff(Duration.ofMillis(250), Duration.ofSeconds(30));

    @Test
    void shouldStartAtTheInitialDelay() {
        IntStream.range(0, 100)
                .forEach(i -> assertThat(ConnectionTiming.backoffMs(config, 0)).isEqualTo(250));
    }

    @Test
    void shouldDoubleWithJitterWithinBounds() {
        for (int attempt = 1; attempt < 8; attempt++) {
            long base = Math.min(30_000, 250L << attempt);
            for (int i = 0; i < 200; i++) {
                assertThat(ConnectionTiming.backoffMs(config, attempt)).isBetween(base / 2, base);
            }
        }
    }

    @Test
    void shouldJitter() {
        long distinct =
                IntStream.range(0, 200)
                        .mapToLong(i -> ConnectionTiming.backoffMs(config, 5))
                        .distinct()
                        .count();
        assertThat(distinct).isGreaterThan(10);
    }

    @Test
    void shouldNeverExceedTheMaximumEvenAfterManyAttempts() {
        for (int attempt : new int[] {10, 31, 64, 1_000, Integer.MAX_VALUE}) {
            assertThat(ConnectionTiming.backoffMs(config, attempt)).isBetween(15_000L, 30_000L);
        }
    }

    @Test
    void shouldCheckTheWatchdogOftenEnoughForShortTimeouts() {
        MarketChannelConfig fast =
                config.withHeartbeat(Duration.ofMillis(200), Duration.ofMillis(400))
                        .withDataTimeout(Duration.ofMillis(800));
        assertThat(ConnectionTiming.watchdogPeriodMs(fast)).isEqualTo(50);
        assertThat(ConnectionTiming.watchdogPeriodMs(config)).isEqualTo(1_000);
        assertThat(ConnectionTiming.healthyPeriod(config)).isEqualTo(Duration.ofSeconds(30));
    }
}
