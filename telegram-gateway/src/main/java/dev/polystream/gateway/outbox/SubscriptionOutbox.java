package dev.polystream.gateway.outbox;

import dev.polystream.gateway.domain.TokenInterest;
import dev.polystream.gateway.store.OutboxStore;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Writes subscription intents into the outbox, inside the caller's transaction: the one place that
 * decides a subscription record's topic, key and value.
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

    /** Enqueues the token's current counts (key = token id); returns the outbox row id. */
    public long enqueue(Connection connection, TokenInterest interest) throws SQLException {
        SubscriptionIntent intent = SubscriptionIntent.of(interest);
        return OutboxStore.insert(connection, topic, intent.tokenId(), intent.toJson());
    }
}
