package dev.polystream.ws.book;

import dev.polystream.ws.PriceTick;
import dev.polystream.ws.protocol.MarketEvent;
import java.util.List;

/** Applies one type of market event to the books and adds the ticks it yields. */
interface EventApplier<E extends MarketEvent> {

    /**
     * @param receivedAtMs wall-clock receive time; the tick time of events without timestamp
     * @param out where the ticks go, in event order
     */
    void apply(E event, long receivedAtMs, List<PriceTick> out);
}
