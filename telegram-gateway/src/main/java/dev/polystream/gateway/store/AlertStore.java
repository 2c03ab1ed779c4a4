package dev.polystream.gateway.store;

import dev.polystream.gateway.domain.Alert;
import dev.polystream.gateway.domain.AlertKind;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code alerts}. */
public final class AlertStore {

    private static final String SELECT =
            "SELECT a.id, a.user_id, a.chat_id, a.kind, a.position_id, a.market_id, a.token_id,"
                    + " a.outcome, a.threshold, a.created_at, a.fired_at, a.fired_value,"
                    + " a.notified_at, m.question, p.amount AS shares, p.wallet"
                    + " FROM alerts a LEFT JOIN markets m ON m.id = a.market_id"
                    + " LEFT JOIN positions p ON p.id = a.position_id";

    /**
     * Fires every armed alert whose condition holds at the token's current displayed price, once:
     * the row gets {@code fired_at} and the value that fired it. P&L is the schema's one definition
     * (amount × price − cost basis, and its percentage of the cost basis) at the current price. P&L
     * alerts of a position that is no longer active never fire.
     */
    private static final String FIRE =
            "UPDATE alerts a SET fired_at = clock_timestamp(), fired_value = v.value"
                    + " FROM (SELECT a2.id, CASE"
                    + "   WHEN a2.kind IN ('price_above', 'price_below') THEN tp.price"
                    + "   WHEN a2.kind = 'pnl_percent' THEN"
                    + "     position_pnl_percentage(p.amount, tp.price, p.cost_basis)"
                    + "   ELSE position_pnl_amount(p.amount, tp.price, p.cost_basis) END AS value"
                    + "   FROM alerts a2 JOIN token_prices tp ON tp.token_id = a2.token_id"
                    + "   LEFT JOIN positions p ON p.id = a2.position_id"
                    + "   WHERE a2.fired_at IS NULL AND tp.price IS NOT NULL"
                    + "   AND (a2.kind IN ('price_above', 'price_below')"
                    + "        OR p.status = 'active')) v"
                    + " WHERE a.id = v.id AND a.fired_at IS NULL AND v.value IS NOT NULL AND ("
                    + "   (a.kind = 'price_above' AND v.value >= a.threshold)"
                    + "   OR (a.kind = 'price_below' AND v.value <= a.threshold)"
                    + "   OR (a.kind IN ('pnl_percent', 'pnl_amount') AND ("
                    + "     (a.threshold >= 0 AND v.value >= a.threshold)"
                    + "     OR (a.threshold < 0 AND v.value <= a.threshold))))";

    private AlertStore() {}

    public static Alert insert(
            Connection connection,
            long userId,
            long chatId,
            AlertKind kind,
            Long positionId,
            String marketId,
            String tokenId,
            String outcome,
            BigDecimal threshold)
            throws SQLException {
        long id;
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "INSERT INTO alerts (user_id, chat_id, kind, position_id, market_id,"
                                + " token_id, outcome, threshold) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                                + " RETURNING id")) {
            ps.setLong(1, userId);
            ps.setLong(2, chatId);
            ps.setString(3, kind.sqlValue());
            if (positionId == null) {
                ps.setNull(4, Types.BIGINT);
            } else {
                ps.setLong(4, positionId);
            }
            ps.setString(5, marketId);
            ps.setString(6, tokenId);
            ps.setString(7, outcome);
            ps.setBigDecimal(8, threshold);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        return find(connection, id).orElseThrow();
    }

    public static Optional<Alert> find(Connection connection, long id) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(SELECT + " WHERE a.id = ?")) {
            ps.setLong(1, id);
            List<Alert> found = all(ps);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    public static int countArmed(Connection connection, long userId) throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "SELECT count(*) FROM alerts WHERE user_id = ? AND fired_at IS NULL")) {
            ps.setLong(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** The user's armed alerts, then those fired in the last day, oldest first. */
    public static List<Alert> listForUser(Connection connection, long userId, int limit)
            throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement(
                        SELECT
                                + " WHERE a.user_id = ? AND a.kind <> 'resolved'"
                                + " AND (a.fired_at IS NULL"
                                + " OR a.fired_at > now() - interval '1 day')"
                                + " ORDER BY a.fired_at IS NOT NULL, a.id LIMIT ?")) {
            ps.setLong(1, userId);
            ps.setInt(2, limit);
            return all(ps);
        }
    }

    /** Deletes the user's alert; false when they have no alert with this id. */
    public static boolean delete(Connection connection, long userId, long alertId)
            throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement("DELETE FROM alerts WHERE id = ? AND user_id = ?")) {
            ps.setLong(1, alertId);
            ps.setLong(2, userId);
            return ps.executeUpdate() == 1;
        }
    }

    /** Deletes the armed P&L alerts of a position (it closed, so they can never fire). */
    public static int deleteArmedPnlAlerts(Connection connection, long positionId)
            throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "DELETE FROM alerts WHERE position_id = ? AND fired_at IS NULL"
                                + " AND kind IN ('pnl_percent', 'pnl_amount')")) {
            ps.setLong(1, positionId);
            return ps.executeUpdate();
        }
    }

    /**
     * One resolution notice per wallet position that settled and per trader who linked its wallet,
     * inserted already fired (delivered by the alert path, so exactly like an alert it survives
     * outages and restarts); a notice is never inserted twice. The settlement price is the one the
     * Data API gave ({@code exit_price}), else the job's final price.
     */
    private static final String RESOLUTION_NOTICES =
            "INSERT INTO alerts (user_id, chat_id, kind, position_id, market_id, token_id,"
                    + " outcome, threshold, fired_at, fired_value)"
                    + " SELECT l.user_id, l.chat_id, 'resolved', p.id, p.market_id, p.token_id,"
                    + " p.outcome, 0, clock_timestamp(), coalesce(p.exit_price, p.current_price)"
                    + " FROM positions p JOIN wallet_links l ON l.wallet = p.wallet"
                    + " WHERE p.source = 'wallet' AND p.status = 'resolved'"
                    + " AND coalesce(p.exit_price, p.current_price) IS NOT NULL"
                    + " ON CONFLICT (user_id, position_id) WHERE kind = 'resolved' DO NOTHING";

    /** Inserts the resolution notices not yet written; returns how many. */
    public static int insertResolutionNotices(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(RESOLUTION_NOTICES)) {
            return ps.executeUpdate();
        }
    }

    /** Fires the alerts whose condition holds now; returns how many fired. */
    public static int fire(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(FIRE)) {
            return ps.executeUpdate();
        }
    }

    /** Fired alerts Telegram has not yet accepted, oldest first. */
    public static List<Alert> unnotified(Connection connection, int limit) throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement(
                        SELECT
                                + " WHERE a.fired_at IS NOT NULL AND a.notified_at IS NULL"
                                + " ORDER BY a.id LIMIT ?")) {
            ps.setInt(1, limit);
            return all(ps);
        }
    }

    public static void markNotified(Connection connection, long alertId) throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "UPDATE alerts SET notified_at = now() WHERE id = ?"
                                + " AND notified_at IS NULL")) {
            ps.setLong(1, alertId);
            ps.executeUpdate();
        }
    }

    private static List<Alert> all(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            List<Alert> alerts = new ArrayList<>();
            while (rs.next()) {
                long positionId = rs.getLong("position_id");
                boolean noPosition = rs.wasNull();
                alerts.add(
                        new Alert(
                                rs.getLong("id"),
                                rs.getLong("user_id"),
                                rs.getLong("chat_id"),
                                AlertKind.fromSql(rs.getString("kind")),
                                noPosition ? null : positionId,
                                rs.getString("market_id"),
                                rs.getString("token_id"),
                                rs.getString("outcome"),
                                rs.getBigDecimal("threshold"),
                                PositionStore.instant(rs, "created_at"),
                                PositionStore.instant(rs, "fired_at"),
                                rs.getBigDecimal("fired_value"),
                                PositionStore.instant(rs, "notified_at"),
                                rs.getString("question"),
                                rs.getBigDecimal("shares"),
                                rs.getString("wallet")));
            }
            return alerts;
        }
    }
}
