package dev.polystream.gateway.outbox;

/** Kafka could not take the records (or answer the admin call) in time. */
final class KafkaUnavailableException extends Exception {
    KafkaUnavailableException(Throwable cause) {
        super(cause);
    }
}
