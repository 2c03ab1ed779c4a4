package dev.polystream.gateway.domain;

import java.time.Instant;

/**
 * How many active positions and watches want a token: a row of {@code token_interest}. The Flink
 * job subscribes to a token while either count is above zero.
 *
 * @param marketId the market holding the token, when known
 * @param updatedAt when the counts last changed (database clock)
 */
public record TokenInterest(
        String tokenId, String marketId, int positions, int watchers, Instant updatedAt) {

    /** Whether anyone still wants prices for this token. */
    public boolean isWanted() {
        return positions > 0 || watchers > 0;
    }
}
