package dev.polystream.ws.flink;

import java.util.Objects;

/**
 * How many open positions and watches want a token, as published (absolute, keyed by token) on the
 * subscription-intent Kafka topic. Absolute counts make replays and log compaction safe: the last
 * record for a token is the whole truth about it.
 *
 * @param tokenId the token id
 * @param positions open positions holding the token
 * @param watchers watches on the token (without a position)
 */
public record SubscriptionIntent(String tokenId, int positions, int watchers) {

    public SubscriptionIntent {
        Objects.requireNonNull(tokenId, "tokenId");
        if (positions < 0 || watchers < 0) {
            throw new IllegalArgumentException(
                    "counts must not be negative: positions="
                            + positions
                            + " watchers="
                            + watchers);
        }
    }

    /** True when someone still holds or watches the token, so it should be streamed. */
    public boolean wanted() {
        return positions + watchers > 0;
    }
}
