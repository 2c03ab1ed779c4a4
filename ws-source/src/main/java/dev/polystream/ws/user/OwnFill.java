package dev.polystream.ws.user;

import dev.polystream.ws.protocol.Side;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One leg of a trade that is the trader's own, at one status: what they bought or sold, how much,
 * at what price. A trade where the trader's several maker orders matched gives one fill per order.
 *
 * @param tradeId the trade's {@code id} (the same across its statuses)
 * @param legId distinguishes several own legs of one trade: the taker order id or the maker order's
 *     {@code order_id}
 * @param status where the trade is
 * @param taker whether the trader took (true) or made (false) this leg
 * @param market the condition id
 * @param assetId the token the trader bought or sold (for a maker leg on the complementary token,
 *     that token)
 * @param outcome the outcome's label ({@code Yes}); may be empty
 * @param side the trader's side of this leg
 * @param size shares
 * @param price the trader's price per share
 * @param matchTime when it matched; null when the event did not say
 */
public record OwnFill(
        String tradeId,
        String legId,
        TradeStatus status,
        boolean taker,
        String market,
        String assetId,
        String outcome,
        Side side,
        BigDecimal size,
        BigDecimal price,
        Instant matchTime) {}
