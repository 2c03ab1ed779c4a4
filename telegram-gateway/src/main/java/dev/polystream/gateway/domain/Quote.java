package dev.polystream.gateway.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * A buy waiting for the trader's Confirm: what {@code usdc} would buy at the best ask seen when it
 * was asked for. Confirm fills at the best ask of that moment, which may differ.
 *
 * @param id random, unguessable; carried in the Confirm/Cancel buttons
 * @param autoWatched the quote started a watch of the token so that it gets a live price; the watch
 *     is removed when the quote is confirmed, cancelled or expires
 */
public record Quote(
        String id,
        long userId,
        String marketId,
        String question,
        String tokenId,
        String outcome,
        BigDecimal usdc,
        BigDecimal price,
        BigDecimal shares,
        BigDecimal cost,
        Duration priceAge,
        Instant expiresAt,
        boolean autoWatched) {}
