package dev.polystream.ws.protocol;

/** The {@code event_type}s of the market channel, as counter keys; {@link #UNKNOWN} for others. */
public enum EventType {
    BOOK(BookEvent.TYPE),
    PRICE_CHANGE(PriceChangeEvent.TYPE),
    TICK_SIZE_CHANGE(TickSizeChangeEvent.TYPE),
    LAST_TRADE_PRICE(LastTradePriceEvent.TYPE),
    BEST_BID_ASK(BestBidAskEvent.TYPE),
    NEW_MARKET(NewMarketEvent.TYPE),
    MARKET_RESOLVED(MarketResolvedEvent.TYPE),
    UNKNOWN("unknown");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    /** The {@code event_type} on the wire ({@code "unknown"} for {@link #UNKNOWN}). */
    public String wireName() {
        return wireName;
    }

    /** The type of a parsed event. */
    public static EventType of(MarketEvent event) {
        // Java 17: no pattern matching for switch yet.
        if (event instanceof PriceChangeEvent) {
            return PRICE_CHANGE;
        } else if (event instanceof BookEvent) {
            return BOOK;
        } else if (event instanceof LastTradePriceEvent) {
            return LAST_TRADE_PRICE;
        } else if (event instanceof BestBidAskEvent) {
            return BEST_BID_ASK;
        } else if (event instanceof TickSizeChangeEvent) {
            return TICK_SIZE_CHANGE;
        } else if (event instanceof NewMarketEvent) {
            return NEW_MARKET;
        } else if (event instanceof MarketResolvedEvent) {
            return MARKET_RESOLVED;
        }
        return UNKNOWN;
    }
}
