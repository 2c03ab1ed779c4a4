package dev.polystream.job.bar;

import dev.polystream.ws.PriceSource;
import dev.polystream.ws.PriceTick;
import dev.polystream.ws.TickKind;
import java.math.BigDecimal;

/**
 * Mutable progress of one bar (a Flink POJO, so it is kept in keyed state). Open and close are the
 * prices of the oldest and newest ticks by exchange time that had a displayed price; best bid/ask
 * and source come from the newest tick. Later arrival wins ties, and a late tick folded into the
 * bar never overrides fresher prices.
 */
public class BarAccumulator {
    public String tokenId;
    public String conditionId;
    public BigDecimal open;
    public long openExchangeTimeMs = Long.MAX_VALUE;
    public BigDecimal high;
    public BigDecimal low;
    public BigDecimal close;
    public long closePriceExchangeTimeMs = Long.MIN_VALUE;
    public long closeExchangeTimeMs = Long.MIN_VALUE;
    public long closeReceivedAtMs;
    public BigDecimal bestBid;
    public BigDecimal bestAsk;
    public BigDecimal lastTradePrice;
    public BigDecimal volume = BigDecimal.ZERO;
    public int messages;
    public PriceSource source;
    public boolean resolved;

    public BarAccumulator() {}

    public void add(PriceTick tick) {
        messages++;
        resolved |= tick.kind() == TickKind.RESOLVED;
        volume = volume.add(tick.tradeSize());
        if (tick.conditionId() != null) {
            conditionId = tick.conditionId();
        }
        tokenId = tick.tokenId();
        long ts = tick.exchangeTimeMs();
        BigDecimal price = tick.price();
        if (price != null) {
            if (ts < openExchangeTimeMs) {
                open = price;
                openExchangeTimeMs = ts;
            }
            if (ts >= closePriceExchangeTimeMs) {
                close = price;
                closePriceExchangeTimeMs = ts;
            }
            high = high == null || price.compareTo(high) > 0 ? price : high;
            low = low == null || price.compareTo(low) < 0 ? price : low;
        }
        if (ts >= closeExchangeTimeMs) {
            closeExchangeTimeMs = ts;
            closeReceivedAtMs = tick.receivedAtMs();
            bestBid = tick.bestBid();
            bestAsk = tick.bestAsk();
            if (tick.lastTradePrice() != null) {
                lastTradePrice = tick.lastTradePrice();
            }
            source = tick.source();
        }
    }

    public PriceBar toBar(long bucketMs) {
        return new PriceBar(
                tokenId,
                conditionId,
                bucketMs,
                open,
                high,
                low,
                close,
                bestBid,
                bestAsk,
                lastTradePrice,
                volume,
                messages,
                source,
                closeExchangeTimeMs,
                closeReceivedAtMs,
                resolved,
                closeReceivedAtMs);
    }
}
