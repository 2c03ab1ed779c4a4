package dev.polystream.job.bar;

import dev.polystream.ws.PriceSource;
import dev.polystream.ws.PriceTick;
import dev.polystream.ws.TickKind;
import java.math.BigDecimal;

/** Ticks for tests. */
public final class Ticks {
    private Ticks() {}

    /** A book tick with best bid/ask; the displayed price is their midpoint. */
    public static PriceTick quote(String token, long exchangeMs, String bid, String ask) {
        BigDecimal b = new BigDecimal(bid);
        BigDecimal a = new BigDecimal(ask);
        return new PriceTick(
                token,
                "0xcond",
                exchangeMs,
                exchangeMs + 5,
                b.add(a).divide(BigDecimal.valueOf(2)),
                b,
                a,
                null,
                BigDecimal.ZERO,
                TickKind.PRICE_CHANGE,
                PriceSource.WS);
    }

    public static PriceTick trade(String token, long exchangeMs, String price, String size) {
        BigDecimal p = new BigDecimal(price);
        return new PriceTick(
                token,
                "0xcond",
                exchangeMs,
                exchangeMs + 5,
                p,
                null,
                null,
                p,
                new BigDecimal(size),
                TickKind.LAST_TRADE,
                PriceSource.WS);
    }

    /** A tick with no displayed price (one-sided book, no trade yet). */
    public static PriceTick bidOnly(String token, long exchangeMs, String bid) {
        return new PriceTick(
                token,
                "0xcond",
                exchangeMs,
                exchangeMs + 5,
                null,
                new BigDecimal(bid),
                null,
                null,
                BigDecimal.ZERO,
                TickKind.PRICE_CHANGE,
                PriceSource.WS);
    }
}
