package dev.polystream.gateway.store;

import dev.polystream.gateway.domain.HoldingState;
import dev.polystream.gateway.domain.PositionStatus;
import dev.polystream.gateway.domain.WalletAddress;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The wallet positions of {@code positions} ({@code source = 'wallet'}): the holdings the wallet
 * sync writes. One row per wallet and token while held (active) or settled (resolved); a holding
 * that goes away is closed, never deleted. The price and P&L columns stay the job's.
 */
public final class WalletPositionStore {

    /** A stored wallet position that is still open (active) or settled but kept (resolved). */
    public record Stored(long id, PositionStatus status, HoldingState state) {}

    private static final String STATE =
            "token_id, condition_id, market_id, outcome, amount, entry_price, cost_basis,"
                    + " realized_pnl, redeemable, mergeable";

    private WalletPositionStore() {}

    /**
     * The wallet's active and resolved positions; with {@code lock}, row-locked until the
     * transaction ends. Reading without the lock writes nothing (not even a lock marker).
     */
    public static List<Stored> open(Connection c, WalletAddress wallet, boolean lock)
            throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement(
                        "SELECT id, status, "
                                + STATE
                                + " FROM positions WHERE source = 'wallet' AND wallet = ?"
                                + " AND status IN ('active', 'resolved') ORDER BY id"
                                + (lock ? " FOR UPDATE" : ""))) {
            ps.setString(1, wallet.value());
            try (ResultSet rs = ps.executeQuery()) {
                List<Stored> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(
                            new Stored(
                                    rs.getLong("id"),
                                    PositionStatus.fromSql(rs.getString("status")),
                                    read(rs)));
                }
                return rows;
            }
        }
    }

    /**
     * A new holding: active, or already resolved (a settled market still held when first seen, with
     * {@code exitPrice} the settlement price per share).
     */
    public static long insert(
            Connection c,
            WalletAddress wallet,
            HoldingState s,
            PositionStatus status,
            BigDecimal exitPrice,
            Instant openedAt)
            throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement(
                        "INSERT INTO positions (source, wallet, status, exit_price, opened_at,"
                                + " closed_at, "
                                + STATE
                                + ") VALUES ('wallet', ?, ?, ?, ?, CASE WHEN ? = 'resolved'"
                                + " THEN now() END, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
            ps.setString(1, wallet.value());
            ps.setString(2, status.sqlValue());
            ps.setBigDecimal(3, exitPrice);
            ps.setTimestamp(4, Timestamp.from(openedAt == null ? Instant.now() : openedAt));
            ps.setString(5, status.sqlValue());
            bindState(ps, 6, s);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** New values for an open holding (size, cost, realized, flags, market). */
    public static void update(Connection c, long id, HoldingState s) throws SQLException {
        write(c, id, s, "", null);
    }

    /** The holding went away or reached size 0: closed, with its last values. */
    public static void close(Connection c, long id, HoldingState s) throws SQLException {
        write(c, id, s, "status = 'closed', closed_at = now(),", null);
    }

    /** The holding's market settled (the Data API marks it redeemable). */
    public static void resolve(Connection c, long id, HoldingState s, BigDecimal exitPrice)
            throws SQLException {
        write(c, id, s, "status = 'resolved', closed_at = now(), exit_price = ?,", exitPrice);
    }

    /**
     * Closes every active position of the wallet (nobody links it any more); returns the (token,
     * market) of each closed position.
     */
    public static List<String[]> closeAllActive(Connection c, WalletAddress wallet)
            throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement(
                        "UPDATE positions SET status = 'closed', closed_at = now()"
                                + " WHERE source = 'wallet' AND wallet = ? AND status = 'active'"
                                + " RETURNING token_id, market_id")) {
            ps.setString(1, wallet.value());
            try (ResultSet rs = ps.executeQuery()) {
                List<String[]> closed = new ArrayList<>();
                while (rs.next()) {
                    closed.add(new String[] {rs.getString(1), rs.getString(2)});
                }
                return closed;
            }
        }
    }

    /**
     * Sets the realized P&L of the most recent closed position of each token (only where it
     * differs); returns how many rows changed.
     */
    public static int recordFinalRealized(
            Connection c, WalletAddress wallet, Map<String, BigDecimal> realizedByToken)
            throws SQLException {
        List<String> tokens = new ArrayList<>(realizedByToken.keySet());
        List<BigDecimal> realized = new ArrayList<>();
        tokens.forEach(t -> realized.add(realizedByToken.get(t)));
        try (PreparedStatement ps =
                c.prepareStatement(
                        "UPDATE positions p SET realized_pnl = u.realized"
                                + " FROM unnest(?::text[], ?::numeric[]) AS u(token_id, realized)"
                                + " WHERE p.id = (SELECT max(q.id) FROM positions q"
                                + " WHERE q.source = 'wallet' AND q.wallet = ?"
                                + " AND q.token_id = u.token_id AND q.status = 'closed')"
                                + " AND p.realized_pnl IS DISTINCT FROM u.realized")) {
            ps.setArray(1, c.createArrayOf("text", tokens.toArray()));
            ps.setArray(2, c.createArrayOf("numeric", realized.toArray()));
            ps.setString(3, wallet.value());
            return ps.executeUpdate();
        }
    }

    private static void write(
            Connection c, long id, HoldingState s, String statusSet, BigDecimal exitPrice)
            throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement(
                        "UPDATE positions SET "
                                + statusSet
                                + " token_id = ?, condition_id = ?, market_id = ?, outcome = ?,"
                                + " amount = ?, entry_price = ?, cost_basis = ?, realized_pnl = ?,"
                                + " redeemable = ?, mergeable = ?"
                                + " WHERE id = ? AND source = 'wallet'")) {
            int next = 1;
            if (statusSet.contains("?")) {
                ps.setBigDecimal(next++, exitPrice);
            }
            next = bindState(ps, next, s);
            ps.setLong(next, id);
            if (ps.executeUpdate() != 1) {
                throw new SQLException("Wallet position " + id + " is gone");
            }
        }
    }

    private static int bindState(PreparedStatement ps, int from, HoldingState s)
            throws SQLException {
        int i = from;
        ps.setString(i++, s.tokenId());
        ps.setString(i++, s.conditionId());
        ps.setString(i++, s.marketId());
        ps.setString(i++, s.outcome());
        ps.setBigDecimal(i++, s.amount());
        ps.setBigDecimal(i++, s.avgPrice());
        ps.setBigDecimal(i++, s.costBasis());
        ps.setBigDecimal(i++, s.realizedPnl());
        ps.setBoolean(i++, s.redeemable());
        ps.setBoolean(i++, s.mergeable());
        return i;
    }

    private static HoldingState read(ResultSet rs) throws SQLException {
        return new HoldingState(
                rs.getString("token_id"),
                rs.getString("condition_id"),
                rs.getString("market_id"),
                rs.getString("outcome"),
                rs.getBigDecimal("amount"),
                rs.getBigDecimal("entry_price"),
                rs.getBigDecimal("cost_basis"),
                rs.getBigDecimal("realized_pnl"),
                rs.getBoolean("redeemable"),
                rs.getBoolean("mergeable"));
    }
}
