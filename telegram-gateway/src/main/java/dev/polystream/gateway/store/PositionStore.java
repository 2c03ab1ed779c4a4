package dev.polystream.gateway.store;

import dev.polystream.gateway.domain.NewPosition;
import dev.polystream.gateway.domain.Position;
import dev.polystream.gateway.domain.PositionSource;
import dev.polystream.gateway.domain.PositionStatus;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code positions}: the gateway writes the open/close columns only; the P&L columns belong to the
 * Flink job and are read here, never written.
 */
public final class PositionStore {

    private static final String COLUMNS =
            "id, user_id, market_id, token_id, outcome, amount, entry_price, status, opened_at,"
                    + " current_price, pnl_amount, pnl_percentage, closed_at, exit_price,"
                    + " realized_pnl, source, wallet, cost_basis";

    private PositionStore() {}

    public static Position insert(Connection connection, NewPosition p) throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "INSERT INTO positions"
                                + " (user_id, market_id, token_id, outcome, amount, entry_price,"
                                + " status)"
                                + " VALUES (?, ?, ?, ?, ?, ?, 'active')"
                                + " RETURNING "
                                + COLUMNS)) {
            ps.setLong(1, p.userId());
            ps.setString(2, p.marketId());
            ps.setString(3, p.tokenId());
            ps.setString(4, p.outcome());
            ps.setBigDecimal(5, p.amount());
            ps.setBigDecimal(6, p.entryPrice());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return read(rs);
            }
        }
    }

    /**
     * Closes the user's active position at {@code exitPrice}; empty when there is no such active
     * position of theirs. A concurrent close of the same position waits for the row lock and then
     * finds it no longer active.
     */
    public static Optional<Position> close(
            Connection connection, long userId, long positionId, BigDecimal exitPrice)
            throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "UPDATE positions SET status = 'closed', closed_at = now(),"
                                + " exit_price = ?,"
                                + " realized_pnl = position_sale_pnl(amount, ?, amount, cost_basis)"
                                + " WHERE id = ? AND user_id = ? AND status = 'active'"
                                + " AND source = 'paper'"
                                + " RETURNING "
                                + COLUMNS)) {
            ps.setBigDecimal(1, exitPrice);
            ps.setBigDecimal(2, exitPrice);
            ps.setLong(3, positionId);
            ps.setLong(4, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** The user's active position in the token, row-locked until the transaction ends. */
    public static Optional<Position> findActiveForUpdate(
            Connection connection, long userId, String tokenId) throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "SELECT "
                                + COLUMNS
                                + " FROM positions WHERE user_id = ? AND token_id = ?"
                                + " AND status = 'active' AND source = 'paper'"
                                + " ORDER BY id LIMIT 1 FOR UPDATE")) {
            ps.setLong(1, userId);
            ps.setString(2, tokenId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** The position by id, row-locked until the transaction ends. */
    public static Optional<Position> findForUpdate(Connection connection, long positionId)
            throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "SELECT " + COLUMNS + " FROM positions WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, positionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** Averages a buy into an active position: new amount and entry price. */
    public static Position resize(
            Connection connection, long positionId, BigDecimal amount, BigDecimal entryPrice)
            throws SQLException {
        return updateActive(
                connection, "amount = ?, entry_price = ?", positionId, amount, entryPrice);
    }

    /** A partial sell: fewer shares, and the realized P&L of the sold part added up. */
    public static Position reduce(
            Connection connection, long positionId, BigDecimal remaining, BigDecimal realized)
            throws SQLException {
        return updateActive(
                connection,
                "amount = ?, realized_pnl = coalesce(realized_pnl, 0) + ?",
                positionId,
                remaining,
                realized);
    }

    /**
     * Closes an active position after a 100 % sell: exit price, and realized P&L = what earlier
     * partial sells realized + (exit - entry) × the shares sold now.
     */
    public static Position closeSold(
            Connection connection, long positionId, BigDecimal exitPrice, BigDecimal realized)
            throws SQLException {
        return updateActive(
                connection,
                "status = 'closed', closed_at = now(), exit_price = ?,"
                        + " realized_pnl = coalesce(realized_pnl, 0) + ?",
                positionId,
                exitPrice,
                realized);
    }

    /**
     * {@code UPDATE positions SET <set>} of an active position, {@code set} taking {@code first}
     * and {@code second}; the updated row, or an exception when it is no longer active.
     */
    private static Position updateActive(
            Connection connection, String set, long positionId, BigDecimal first, BigDecimal second)
            throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "UPDATE positions SET "
                                + set
                                + " WHERE id = ? AND status = 'active' RETURNING "
                                + COLUMNS)) {
            ps.setBigDecimal(1, first);
            ps.setBigDecimal(2, second);
            ps.setLong(3, positionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("Position " + positionId + " is no longer active");
                }
                return read(rs);
            }
        }
    }

    /**
     * The position if the user may see it: their own paper position, or a holding of a wallet they
     * linked. Anyone else's reads as absent.
     */
    public static Optional<Position> findVisible(
            Connection connection, long userId, long positionId) throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "SELECT "
                                + COLUMNS
                                + " FROM positions p WHERE id = ? AND (user_id = ?"
                                + " OR wallet IN (SELECT l.wallet FROM wallet_links l"
                                + " WHERE l.user_id = ?))")) {
            ps.setLong(1, positionId);
            ps.setLong(2, userId);
            ps.setLong(3, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** The realized P&L of selling {@code sold} shares of the position at {@code price}. */
    public static BigDecimal salePnl(
            Connection connection, long positionId, BigDecimal sold, BigDecimal price)
            throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "SELECT position_sale_pnl(?, ?, amount, cost_basis) FROM positions"
                                + " WHERE id = ?")) {
            ps.setBigDecimal(1, sold);
            ps.setBigDecimal(2, price);
            ps.setLong(3, positionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("No position " + positionId);
                }
                return rs.getBigDecimal(1);
            }
        }
    }

    public static Optional<Position> find(Connection connection, long positionId)
            throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement("SELECT " + COLUMNS + " FROM positions WHERE id = ?")) {
            ps.setLong(1, positionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /**
     * The active positions the user sees: their paper positions, then the holdings of the wallets
     * they linked (by wallet), oldest first.
     */
    public static List<Position> findActive(Connection connection, long userId)
            throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "SELECT "
                                + COLUMNS
                                + " FROM positions WHERE status = 'active' AND (user_id = ?"
                                + " OR wallet IN (SELECT l.wallet FROM wallet_links l"
                                + " WHERE l.user_id = ?))"
                                + " ORDER BY source = 'wallet', wallet, id")) {
            ps.setLong(1, userId);
            ps.setLong(2, userId);
            try (ResultSet rs = ps.executeQuery()) {
                List<Position> positions = new ArrayList<>();
                while (rs.next()) {
                    positions.add(read(rs));
                }
                return positions;
            }
        }
    }

    static Position read(ResultSet rs) throws SQLException {
        return new Position(
                rs.getLong("id"),
                rs.getLong("user_id"),
                rs.getString("market_id"),
                rs.getString("token_id"),
                rs.getString("outcome"),
                rs.getBigDecimal("amount"),
                rs.getBigDecimal("entry_price"),
                PositionStatus.fromSql(rs.getString("status")),
                instant(rs, "opened_at"),
                rs.getBigDecimal("current_price"),
                rs.getBigDecimal("pnl_amount"),
                rs.getBigDecimal("pnl_percentage"),
                instant(rs, "closed_at"),
                rs.getBigDecimal("exit_price"),
                rs.getBigDecimal("realized_pnl"),
                PositionSource.fromSql(rs.getString("source")),
                rs.getString("wallet"),
                rs.getBigDecimal("cost_basis"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
