package dev.polystream.gateway.store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;

/** {@code orders}: one row per paper fill. */
public final class OrderStore {

    private OrderStore() {}

    /** Records a fill; returns the order id. */
    public static long insert(
            Connection connection,
            long userId,
            long positionId,
            String marketId,
            String tokenId,
            String side,
            BigDecimal shares,
            BigDecimal price,
            BigDecimal usdc,
            BigDecimal realizedPnl,
            Instant priceTs)
            throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "INSERT INTO orders (user_id, position_id, market_id, token_id, side,"
                                + " shares, price, usdc, realized_pnl, price_ts)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
            ps.setLong(1, userId);
            ps.setLong(2, positionId);
            ps.setString(3, marketId);
            ps.setString(4, tokenId);
            ps.setString(5, side);
            ps.setBigDecimal(6, shares);
            ps.setBigDecimal(7, price);
            ps.setBigDecimal(8, usdc);
            ps.setBigDecimal(9, realizedPnl);
            if (priceTs == null) {
                ps.setNull(10, Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
                ps.setTimestamp(10, Timestamp.from(priceTs));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
