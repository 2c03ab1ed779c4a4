package dev.polystream.ws.user;

import dev.polystream.ws.protocol.Side;
import java.math.BigDecimal;

/**
 * One resting order a trade matched against (an entry of a trade's {@code maker_orders}, §3.2):
 * whose it is, how much of it matched and at what price, on which token. Other traders' orders
 * appear here too, and the token may be the complementary one (at 1 − p).
 *
 * @param orderId the maker order's id
 * @param owner the API key (uuid) that placed it
 * @param makerAddress the wallet it trades for, as sent
 * @param matchedAmount shares of this order matched by the trade
 * @param price this order's price
 * @param assetId the token of this order
 * @param outcome the outcome's label; may be empty
 * @param side the maker's side; null when absent (2024 captures)
 * @param feeRateBps the fee rate in basis points; null when absent
 */
public record MakerOrder(
        String orderId,
        String owner,
        String makerAddress,
        BigDecimal matchedAmount,
        BigDecimal price,
        String assetId,
        String outcome,
        Side side,
        BigDecimal feeRateBps) {}
