package dev.polystream.ws.protocol;

import java.math.BigDecimal;

/**
 * One changed level: the new total {@code size} at {@code price} on {@code side} of {@code
 * assetId}'s book ({@code 0} removes the level).
 *
 * @param hash the token's book hash after the change; null in the legacy schemas
 * @param bestBid top of book after the change; null when the wire did not send it (legacy) or sent
 *     {@code ""}. {@code 0} signals an empty bid side.
 * @param bestAsk likewise; {@code 1} signals an empty ask side
 */
public record PriceChange(
        String assetId,
        BigDecimal price,
        BigDecimal size,
        Side side,
        String hash,
        BigDecimal bestBid,
        BigDecimal bestAsk) {}
