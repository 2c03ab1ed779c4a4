package dev.polystream.ws.protocol;

/**
 * An object with an {@code event_type} this parser does not know. New types appear (NT's fixtures
 * mix in {@code settlement_preview}); they are counted and skipped, never fatal.
 */
public record UnknownEvent(String eventType, String market, long timestamp)
        implements MarketEvent {}
