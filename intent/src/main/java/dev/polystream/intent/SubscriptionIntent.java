package dev.polystream.intent;

import java.time.Instant;

/**
 * How many open positions and watches want a token, as published (absolute, keyed by token id) on
 * the subscription-intent Kafka topic. Absolute counts make replays and log compaction safe: the
 * last record for a token is the whole truth about it. The gateway's outbox relay writes it, the
 * job's Kafka source reads it; {@link SubscriptionIntentCodec} is the one wire format.
 *
 * @param tokenId the token id (never blank)
 * @param marketId the token's market; null when unknown
 * @param positions open positions holding the token
 * @param watchers watches on the token (without a position)
 * @param updatedAt when the counts were taken; null when the record did not carry it (a tombstone)
 */
public record SubscriptionIntent(
        String tokenId, String marketId, int positions, int watchers, Instant updatedAt) {

    public SubscriptionIntent {
        if (tokenId == null || tokenId.isEmpty()) {
            throw new IllegalArgumentException("A subscription intent needs a token id");
        }
        if (positions < 0 || watchers < 0) {
            throw new IllegalArgumentException(
                    "Counts cannot be negative: positions=" + positions + " watchers=" + watchers);
        }
    }

    /** Counts alone, without market or time (tests, the job's own tombstone reading). */
    public SubscriptionIntent(String tokenId, int positions, int watchers) {
        this(tokenId, null, positions, watchers, null);
    }

    /** True when someone still holds or watches the token, so it should be streamed. */
    public boolean wanted() {
        return positions > 0 || watchers > 0;
    }
}
