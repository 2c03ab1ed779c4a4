package dev.polystream.gateway.domain;

/**
 * Something the trader named does not exist for them (a market, an alert, a confirmation). Someone
 * else's object reads the same as a missing one.
 */
public final class NotFoundException extends DomainException {

    public NotFoundException(String message) {
        super(message);
    }
}
