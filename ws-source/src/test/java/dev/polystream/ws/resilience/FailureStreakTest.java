package dev.polystream.ws.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailureStreakTest {

    private final AtomicLong now = new AtomicLong(1_000L);
    private final Backoff backoff =
            new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10)).atLeastInitial();
    private final FailureStreak streak =
            new FailureStreak(backoff, Duration.ofSeconds(10), now::get);

    @Test
    void shouldDoubleWhileFailuresFollowEachOther() {
        assertThat(streak.failed()).isEqualTo(Duration.ofMillis(100));
        assertThat(streak.failed()).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(streak.failed()).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(streak.failures()).isEqualTo(3);
    }

    @Test
    void shouldKeepBackingOffAfterAShortSuccess() {
        streak.failed();
        streak.failed();
        streak.succeeded();
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(streak.failed()).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(streak.failures()).isEqualTo(3);
    }

    @Test
    void shouldStartOverAfterAHealthyPeriod() {
        streak.failed();
        streak.failed();
        streak.failed();
        streak.succeeded();
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(streak.failed()).isEqualTo(Duration.ofMillis(100));
        assertThat(streak.failures()).isEqualTo(1);
    }

    @Test
    void shouldNotCountAHealthyPeriodTwice() {
        streak.succeeded();
        now.addAndGet(Duration.ofSeconds(30).toNanos());
        streak.failed();
        streak.failed();
        assertThat(streak.failures()).isEqualTo(2);
    }

    @Test
    void shouldNeverWaitLessThanTheInitialDelayWhenAskedTo() {
        Backoff plain = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));
        boolean below = false;
        for (int i = 0; i < 200; i++) {
            below |= plain.delay(1).compareTo(Duration.ofMillis(100)) < 0;
            assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(100));
            assertThat(backoff.delay(4)).isBetween(Duration.ofMillis(400), Duration.ofMillis(800));
        }
        assertThat(below).as("equal jitter alone goes below the initial delay").isTrue();
    }
}
