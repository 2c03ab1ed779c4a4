package dev.polystream.ws.protocol;

/**
 * One event object of the market channel, keyed by its {@code event_type}. Timestamps are epoch
 * milliseconds as sent; {@code 0} when the wire omitted them.
 */
public sealed interface MarketEvent
        permits BookEvent,
                PriceChangeEvent,
                TickSizeChangeEvent,
                LastTradePriceEvent,
                BestBidAskEvent,
                NewMarketEvent,
                MarketResolvedEvent,
                UnknownEvent {

    /** The {@code event_type} as it appears on the wire. */
    String eventType();

    /** The condition id ({@code market}); may be null when the wire omitted it. */
    String market();

    /** Exchange timestamp, epoch ms; 0 when absent. */
    long timestamp();
}
