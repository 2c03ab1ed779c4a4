package dev.polystream.gateway.domain;

/**
 * A service the request needs (Gamma, the Data API) cannot answer right now; nothing was changed
 * and the trader can simply try again.
 */
public final class UnavailableException extends DomainException {

    public UnavailableException(String message) {
        super(message);
    }
}
