package dev.polystream.gateway.domain;

import java.math.BigDecimal;

/**
 * A paper sell that was filled at the best bid.
 *
 * @param position the position after the sale (closed when everything was sold)
 * @param realizedPnl (price - entry) × shares of this sale
 */
public record Sale(
        long orderId,
        Position position,
        BigDecimal shares,
        BigDecimal price,
        BigDecimal proceeds,
        BigDecimal realizedPnl,
        boolean closed) {}
