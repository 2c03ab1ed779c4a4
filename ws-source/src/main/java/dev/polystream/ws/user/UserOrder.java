package dev.polystream.ws.user;

import dev.polystream.ws.protocol.Side;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One {@code order} event of the user channel (§3.3): an order placed, partly filled or cancelled.
 *
 * @param id the order id
 * @param type {@code PLACEMENT}, {@code UPDATE} or {@code CANCELLATION}, upper case as sent
 * @param status the known status (longest prefix); null when unknown
 * @param statusText the status exactly as sent
 * @param statusReason the reason after the status, e.g. {@code order couldn't be fully filled...};
 *     "" when none
 * @param market the condition id
 * @param assetId the token
 * @param outcome may be empty
 * @param side null when absent
 * @param price the limit price
 * @param originalSize shares ordered
 * @param sizeMatched shares matched; null when sent as {@code ""}
 * @param orderType {@code GTC}, {@code GTD}, {@code FOK}, {@code FAK}
 * @param owner the API key
 * @param makerAddress the wallet, as sent
 * @param associateTrades trade ids; null when sent as null
 * @param createdAt null when absent or {@code ""}
 * @param expiration null for {@code "0"}, null or absent
 * @param timestamp null when absent
 */
public record UserOrder(
        String id,
        String type,
        OrderStatus status,
        String statusText,
        String statusReason,
        String market,
        String assetId,
        String outcome,
        Side side,
        BigDecimal price,
        BigDecimal originalSize,
        BigDecimal sizeMatched,
        String orderType,
        String owner,
        String makerAddress,
        List<String> associateTrades,
        Instant createdAt,
        Instant expiration,
        Instant timestamp) {

    public UserOrder {
        associateTrades = associateTrades == null ? null : List.copyOf(associateTrades);
    }
}
