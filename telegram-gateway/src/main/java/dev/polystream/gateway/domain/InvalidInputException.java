package dev.polystream.gateway.domain;

/** An argument is missing, malformed or out of range; nothing was written. */
public final class InvalidInputException extends DomainException {

    public InvalidInputException(String message) {
        super(message);
    }
}
