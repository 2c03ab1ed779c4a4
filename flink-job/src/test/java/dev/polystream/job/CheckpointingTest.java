package dev.polystream.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CheckpointingTest {

    @Test
    void shouldTolerateTheCheckpointsThatFitInTheSinksOutageBudget() {
        assertThat(
                        PolystreamJob.tolerableCheckpointFailures(
                                Duration.ofMinutes(10), Duration.ofSeconds(10)))
                .isEqualTo(62);
        assertThat(
                        PolystreamJob.tolerableCheckpointFailures(
                                Duration.ofSeconds(4), Duration.ofSeconds(1)))
                .isEqualTo(6);
        assertThat(
                        PolystreamJob.tolerableCheckpointFailures(
                                Duration.ofSeconds(25), Duration.ofSeconds(10)))
                .isEqualTo(5);
        assertThat(
                        PolystreamJob.tolerableCheckpointFailures(
                                Duration.ofDays(10_000), Duration.ZERO))
                .isEqualTo(Integer.MAX_VALUE);
    }
}
