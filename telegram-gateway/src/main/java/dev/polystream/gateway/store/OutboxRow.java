package dev.polystream.gateway.store;

/** An unsent {@code outbox} row, as the relay publishes it. */
public record OutboxRow(long id, String topic, String key, String payload) {}
