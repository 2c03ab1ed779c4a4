package dev.polystream.gateway.domain;

/** The trader's position exists but is no longer active (already closed, or resolved). */
public final class PositionNotActiveException extends DomainException {

    private final PositionStatus status;

    public PositionNotActiveException(long positionId, PositionStatus status) {
        super("Position #" + positionId + " is already " + status.sqlValue() + ".");
        this.status = status;
    }

    public PositionStatus status() {
        return status;
    }
}
