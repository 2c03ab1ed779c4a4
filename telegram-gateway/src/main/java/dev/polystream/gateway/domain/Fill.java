package dev.polystream.gateway.domain;

import java.math.BigDecimal;

/**
 * A paper buy that was filled.
 *
 * @param position the position after the fill (new, or averaged into)
 * @param averaged true when the buy was added to a position the trader already held
 */
public record Fill(
        long orderId,
        Position position,
        BigDecimal shares,
        BigDecimal price,
        BigDecimal cost,
        boolean averaged) {}
