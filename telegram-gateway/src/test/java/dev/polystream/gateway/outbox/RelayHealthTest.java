package dev.polystream.gateway.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystream.gateway.testutils.LogCapture;
import java.net.ConnectException;
import java.sql.SQLException;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

/** The relay's status and its outage lines: once when it begins, once when it ends. */
class RelayHealthTest {

    @Test
    void shouldLogAnOutageOnceAndItsRecoveryOnce() {
        RelayHealth health = new RelayHealth(5);
        try (LogCapture log = LogCapture.of(OutboxRelay.class)) {
            for (int i = 0; i < 5; i++) {
                health.failed("Kafka", "at 127.0.0.1:1", new ConnectException("refused"), false);
            }
            RelayStatus failing = health.status();
            assertThat(failing.state()).isEqualTo(RelayStatus.State.DEGRADED);
            assertThat(failing.problem()).isEqualTo("Kafka unavailable: ConnectException: refused");
            assertThat(failing.problemSince()).isNotNull();

            health.failed("PostgreSQL", "", new SQLException("gone"), false);
            health.healthy();

            assertThat(log.messages(Level.WARN))
                    .filteredOn(m -> m.contains("cannot reach Kafka at 127.0.0.1:1"))
                    .hasSize(1)
                    .allMatch(m -> m.contains("retrying with back-off up to 5 s"));
            assertThat(log.messages(Level.WARN))
                    .filteredOn(m -> m.contains("cannot reach PostgreSQL"))
                    .hasSize(1);
            assertThat(log.messages(Level.INFO))
                    .filteredOn(m -> m.startsWith("Outbox relay recovered"))
                    .hasSize(1);
            assertThat(log.messages(Level.ERROR)).isEmpty();
        }
        RelayStatus healthy = health.status();
        assertThat(healthy.isHealthy()).isTrue();
        assertThat(healthy.problem()).isNull();
        assertThat(healthy.problemSince()).isNull();
    }

    @Test
    void shouldCountWhatWasPublished() {
        RelayHealth health = new RelayHealth(5);
        assertThat(health.status().state()).isEqualTo(RelayStatus.State.NEW);
        assertThat(health.status().lastPublishedAt()).isNull();

        health.published(3);
        health.published(2);

        assertThat(health.status().published()).isEqualTo(5);
        assertThat(health.status().lastPublishedAt()).isNotNull();
    }

    @Test
    void shouldGiveAnUnexpectedErrorItsStackTraceOnce() {
        RelayHealth health = new RelayHealth(5);
        try (LogCapture log = LogCapture.of(OutboxRelay.class)) {
            health.failed("unexpected error", "", new IllegalStateException("bug"), true);
            health.failed("unexpected error", "", new IllegalStateException("bug"), true);

            assertThat(log.messages(Level.ERROR)).hasSize(1);
            assertThat(log.messages(Level.WARN))
                    .singleElement()
                    .satisfies(m -> assertThat(m).contains("failed unexpectedly"));
        }
    }
}
