package dev.polystream.gateway.outbox;

import java.time.Instant;

/**
 * A snapshot of the relay's health, for logs, health checks and tests.
 *
 * @param published records acknowledged by Kafka since the relay started
 * @param lastPublishedAt when the last batch was acknowledged; null before the first
 * @param problem what is failing while {@link State#DEGRADED} (never carries secrets); else null
 * @param problemSince when the current problem began; null when healthy
 */
public record RelayStatus(
        State state,
        long published,
        Instant lastPublishedAt,
        String problem,
        Instant problemSince) {

    public enum State {
        /** Built, not started. */
        NEW,
        /** Started; ensuring the topic and resyncing. */
        STARTING,
        /** Publishing normally. */
        RUNNING,
        /** Kafka or PostgreSQL is failing; retrying with back-off, nothing is lost. */
        DEGRADED,
        /** Closed. */
        STOPPED
    }

    public boolean isHealthy() {
        return state == State.RUNNING;
    }
}
