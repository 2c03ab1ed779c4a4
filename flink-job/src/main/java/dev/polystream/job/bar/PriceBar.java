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
 * @param resolved the market settled within the bar: the close is 1 for the winning token, 0
 *     otherwise
 * @param confirmedAtMs when the token's price was last confirmed current (0 when not known); a bar
 *     with no messages only carries this confirmation, not a second of activity
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
        long closeReceivedAtMs,
        boolean resolved,
        long confirmedAtMs) {

    /** True when the bar records activity (a row of {@code price_bars_1s}). */
    public boolean hasActivity() {
        return messages > 0;
    }
}
