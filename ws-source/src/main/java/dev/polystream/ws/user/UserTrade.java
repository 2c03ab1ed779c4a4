package dev.polystream.ws.user;

import dev.polystream.ws.protocol.Side;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One {@code trade} of the user channel (§3.2) or one row of REST {@code /data/trades}: a match,
 * re-sent under the same {@link #id} as its status advances. The top-level side, size and price are
 * the taker's; with {@code traderSide} {@code MAKER} the trader's own legs are among {@link
 * #makerOrders} ({@link OwnFills} finds them).
 *
 * @param id the trade id
 * @param status where the trade is
 * @param market the condition id
 * @param assetId the taker's token
 * @param outcome the taker's outcome label; may be empty
 * @param side the taker's side
 * @param size the taker's shares
 * @param price the taker's price
 * @param feeRateBps null when absent
 * @param traderSide {@code TAKER} or {@code MAKER}, upper case: which role the receiving key had
 * @param owner the API key the event is for
 * @param tradeOwner the API key of the taker order
 * @param makerAddress the wallet of the receiving side, as sent
 * @param takerOrderId the taker order's id
 * @param transactionHash may be empty before mining
 * @param matchTime from {@code match_time} or {@code matchtime} (seconds); null when absent
 * @param lastUpdate seconds or RFC 3339; null when absent
 * @param timestamp milliseconds or seconds; null when absent
 * @param makerOrders the resting orders matched, in the order sent
 */
public record UserTrade(
        String id,
        TradeStatus status,
        String market,
        String assetId,
        String outcome,
        Side side,
        BigDecimal size,
        BigDecimal price,
        BigDecimal feeRateBps,
        String traderSide,
        String owner,
        String tradeOwner,
        String makerAddress,
        String takerOrderId,
        String transactionHash,
        Instant matchTime,
        Instant lastUpdate,
        Instant timestamp,
        List<MakerOrder> makerOrders) {

    public UserTrade {
        makerOrders = makerOrders == null ? List.of() : List.copyOf(makerOrders);
    }

    /** Whether the receiving key took this trade. */
    public boolean isTaker() {
        return "TAKER".equals(traderSide);
    }
}
