package dev.polystream.ws.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotWatchdogTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    private final MarketChannelConfig config =
            MarketChannelConfig.defaults(URI.create("ws://127.0.0.1:1/ws/market"))
                    .withSnapshotTimeout(Duration.ofSeconds(30));

    @Test
    void shouldRetryALateSnapshotTwiceThenGiveUp() {
        SnapshotWatchdog watchdog = new SnapshotWatchdog(config);
        watchdog.newSocket(List.of("1", "2"), 0L);
        watchdog.arrived("2");

        assertThat(watchdog.late(30 * SECOND)).isEmpty();
        assertThat(watchdog.late(31 * SECOND)).containsExactly("1");
        assertThat(watchdog.retry("1", 31 * SECOND)).isTrue();
        assertThat(watchdog.late(32 * SECOND)).isEmpty();
        assertThat(watchdog.retry("1", 62 * SECOND)).isTrue();
        assertThat(watchdog.retry("1", 93 * SECOND)).isFalse();
        assertThat(watchdog.anyAwaiting()).isFalse();
        assertThat(SnapshotWatchdog.SNAPSHOT_RETRIES).isEqualTo(2);
    }

    @Test
    void shouldGrantFreshRetriesOnANewSocket() {
        SnapshotWatchdog watchdog = new SnapshotWatchdog(config);
        watchdog.newSocket(List.of("1"), 0L);
        watchdog.retry("1", 31 * SECOND);
        watchdog.retry("1", 62 * SECOND);

        watchdog.socketLost();
        assertThat(watchdog.anyAwaiting()).isFalse();
        watchdog.newSocket(List.of("1"), 100 * SECOND);

        assertThat(watchdog.retry("1", 131 * SECOND)).isTrue();
    }
}
