package dev.polystream.ws.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConnectPacerTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Test
    void shouldSpaceSocketOpensByTheJitteredInterval() {
        ConnectPacer pacer = new ConnectPacer(Duration.ofMillis(200), nanos::get);
        assertThat(pacer.delayMs()).isZero();
        long previous = 0;
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 200; i++) {
            long delay = pacer.delayMs();
            long gap = delay - previous;
            assertThat(gap).isBetween(99L, 301L);
            min = Math.min(min, gap);
            max = Math.max(max, gap);
            previous = delay;
        }
        // Jittered: the gaps differ; on average about the interval.
        assertThat(max - min).isGreaterThan(50);
        assertThat(previous / 200.0).isBetween(170.0, 230.0);
    }

    @Test
    void shouldOpenAtOnceAfterAQuietPeriod() {
        ConnectPacer pacer = new ConnectPacer(Duration.ofMillis(200), nanos::get);
        pacer.delayMs();
        nanos.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(pacer.delayMs()).isZero();
        assertThat(pacer.delayMs()).isBetween(99L, 301L);
    }

    @Test
    void shouldNeverWaitWithoutAnInterval() {
        ConnectPacer pacer = new ConnectPacer(Duration.ZERO, nanos::get);
        for (int i = 0; i < 10; i++) {
            assertThat(pacer.delayMs()).isZero();
        }
    }
}
