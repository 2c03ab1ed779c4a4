package dev.polystream.ws;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The state of one token's book right after one market event: what the rest of the pipeline
 * consumes. One event touching a token yields one tick for that token, whatever the number of
 * levels it changed.
 *
 * @param tokenId the ERC-1155 token id, as the decimal string the wire carries
 * @param conditionId the market's condition id ({@code market} on the wire), may be null
 * @param exchangeTimeMs the event's exchange timestamp (epoch ms); windows use it
 * @param receivedAtMs wall-clock time the frame was received (epoch ms)
 * @param price Polymarket's displayed price: midpoint, or last trade when the spread is over 0.10;
 *     null when neither is known
 * @param bestBid best bid after the event, null when the bid side is empty
 * @param bestAsk best ask after the event, null when the ask side is empty
 * @param lastTradePrice last trade price known for the token, null when none
 * @param tradeSize size traded by this event ({@link TickKind#LAST_TRADE}), zero otherwise
 * @param kind the event the tick came from
 * @param source where the prices came from
 */
public record PriceTick(
        String tokenId,
        String conditionId,
        long exchangeTimeMs,
        long receivedAtMs,
        BigDecimal price,
        BigDecimal bestBid,
        BigDecimal bestAsk,
        BigDecimal lastTradePrice,
        BigDecimal tradeSize,
        TickKind kind,
        PriceSource source) {

    public PriceTick {
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(source, "source");
        if (tradeSize == null) {
            tradeSize = BigDecimal.ZERO;
        }
    }
}
