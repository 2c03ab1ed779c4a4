package dev.polystream.gateway.domain;

/**
 * A request the gateway refuses for a reason the trader can act on. The message is written for a
 * person and is safe to show in a chat reply; infrastructure failures are never of this type.
 */
public abstract class DomainException extends RuntimeException {

    protected DomainException(String message) {
        super(message);
    }
}
