package dev.polystream.gateway.domain;

/**
 * The position does not exist or belongs to someone else. Both cases read the same, so a trader
 * cannot probe other traders' position ids.
 */
public final class PositionNotFoundException extends DomainException {

    public PositionNotFoundException(long positionId) {
        super("You have no position #" + positionId + ".");
    }
}
