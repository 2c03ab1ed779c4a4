package dev.polystream.gateway.domain;

/**
 * A trade cannot be filled now: the market is closed, the price is stale, the needed side of the
 * book is empty, or the confirmation expired. Nothing was written.
 */
public final class TradeRefusedException extends DomainException {

    public TradeRefusedException(String message) {
        super(message);
    }
}
