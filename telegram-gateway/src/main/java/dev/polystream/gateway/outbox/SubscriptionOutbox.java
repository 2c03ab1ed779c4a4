package dev.polystream.gateway.outbox;

import dev.polystream.gateway.domain.TokenInterest;
import dev.polystream.gateway.store.OutboxStore;
import dev.polystream.intent.SubscriptionIntent;
import dev.polystream.intent.SubscriptionIntentCodec;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Writes subscription intents into the outbox, inside the caller's transaction: the one place that
 * decides a subscription record's topic, key and value (the value in the intent module's one wire
 * format, {@link SubscriptionIntentCodec}).
 */
public final class SubscriptionOutbox {

    private final String topic;

    public SubscriptionOutbox(String topic) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("No subscription topic given");
        }
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }

    /** The intent a token's interest row publishes. */
    public static SubscriptionIntent intentOf(TokenInterest interest) {
        if (interest.updatedAt() == null) {
            throw new IllegalArgumentException("A subscription intent needs updated_at");
        }
        return new SubscriptionIntent(
                interest.tokenId(),
                interest.marketId(),
                interest.positions(),
                interest.watchers(),
                interest.updatedAt());
    }

    /** Enqueues the token's current counts (key = token id); returns the outbox row id. */
    public long enqueue(Connection connection, TokenInterest interest) throws SQLException {
        SubscriptionIntent intent = intentOf(interest);
        return OutboxStore.insert(
                connection,
                topic,
                SubscriptionIntentCodec.key(intent),
                SubscriptionIntentCodec.toJson(intent));
    }
}
