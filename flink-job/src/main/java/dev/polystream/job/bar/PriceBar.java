package dev.polystream.job.bar;

import dev.polystream.ws.PriceSource;
import java.math.BigDecimal;

/**
 * One token's activity within one exchange-time second: what every sink writes. OHLC is over the
 * displayed price; best bid/ask and last trade are the token's state at the close of the second.
 *
 * @param bucketMs start of the second (epoch ms)
 * @param open first displayed price in the second, null when no tick had one
 * @param closeExchangeTimeMs exchange time of the newest tick folded into the bar
 * @param closeReceivedAtMs wall-clock receipt time of that tick
 */
public record PriceBar(
        String tokenId,
        String conditionId,
        long bucketMs,
        BigDecimal open,
        BigDecimal high,
        BigDecimal low,
        BigDecimal close,
        BigDecimal bestBid,
        BigDecimal bestAsk,
        BigDecimal lastTradePrice,
        BigDecimal volume,
        int messages,
        PriceSource source,
        long closeExchangeTimeMs,
        long closeReceivedAtMs) {}
