package dev.polystream.gateway.store;

import dev.polystream.ws.protocol.Side;
import dev.polystream.ws.user.OwnFill;
import dev.polystream.ws.user.TradeStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * {@code own_fills}: each status of each of a trader's own legs, recorded once. The primary key
 * (user, trade, leg, status) is the dedupe, so a status seen again (a duplicate frame, a
 * reconnection's REST page, a restart) is recognised by the database, not by memory.
 */
public final class FillStore {

    private final TransactionRunner transactions;

    public FillStore(DataSource dataSource) {
        this.transactions = new TransactionRunner(dataSource);
    }

    /**
     * Records the fill at its status.
     *
     * @param announce whether a message is sent for it (stored as {@code announced})
     * @return true when this (trade, leg, status) was new for the trader
     */
    public boolean record(long userId, String wallet, OwnFill fill, boolean announce) {
        return transactions.inTransaction(
                "record a fill",
                c -> {
                    try (PreparedStatement ps =
                            c.prepareStatement(
                                    "INSERT INTO own_fills (user_id, wallet, trade_id, leg_id,"
                                            + " status, taker, market, asset_id, outcome, side,"
                                            + " size, price, match_time, announced)"
                                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                            + " ON CONFLICT DO NOTHING")) {
                        ps.setLong(1, userId);
                        ps.setString(2, wallet);
                        ps.setString(3, fill.tradeId());
                        ps.setString(4, fill.legId());
                        ps.setString(5, fill.status().name());
                        ps.setBoolean(6, fill.taker());
                        ps.setString(7, fill.market());
                        ps.setString(8, fill.assetId());
                        ps.setString(9, fill.outcome());
                        ps.setString(10, fill.side() == null ? null : fill.side().name());
                        ps.setBigDecimal(11, fill.size());
                        ps.setBigDecimal(12, fill.price());
                        if (fill.matchTime() == null) {
                            ps.setNull(13, Types.TIMESTAMP_WITH_TIMEZONE);
                        } else {
                            ps.setTimestamp(13, Timestamp.from(fill.matchTime()));
                        }
                        ps.setBoolean(14, announce);
                        return ps.executeUpdate() == 1;
                    }
                });
    }

    /** Whether any status of the leg was recorded for the trader. */
    public boolean seen(long userId, String tradeId, String legId) {
        return transactions.inTransaction(
                "read fills",
                c -> {
                    try (PreparedStatement ps =
                            c.prepareStatement(
                                    "SELECT 1 FROM own_fills WHERE user_id = ? AND trade_id = ?"
                                            + " AND leg_id = ? LIMIT 1")) {
                        ps.setLong(1, userId);
                        ps.setString(2, tradeId);
                        ps.setString(3, legId);
                        try (ResultSet rs = ps.executeQuery()) {
                            return rs.next();
                        }
                    }
                });
    }

    /** Every (trade, leg, status) recorded for the trader's wallet, as {@link #key} strings. */
    public Set<String> recorded(long userId, String wallet) {
        return transactions.inTransaction(
                "read recorded fills",
                c -> {
                    try (PreparedStatement ps =
                            c.prepareStatement(
                                    "SELECT trade_id, leg_id, status FROM own_fills WHERE user_id"
                                            + " = ? AND wallet = ?")) {
                        ps.setLong(1, userId);
                        ps.setString(2, wallet);
                        Set<String> keys = new HashSet<>();
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                keys.add(key(rs.getString(1), rs.getString(2), rs.getString(3)));
                            }
                        }
                        return keys;
                    }
                });
    }

    /** The key of a fill at its status in {@link #recorded}. */
    public static String key(OwnFill fill) {
        return key(fill.tradeId(), fill.legId(), fill.status().name());
    }

    private static String key(String tradeId, String legId, String status) {
        return tradeId + '|' + legId + '|' + status;
    }

    /** An announced status whose message Telegram never accepted. */
    public record Undelivered(OwnFill fill, boolean firstSight) {}

    /** Telegram accepted the message of the fill at its status. */
    public void delivered(long userId, OwnFill fill) {
        transactions.inTransaction(
                "mark a fill notice delivered",
                c -> {
                    try (PreparedStatement ps =
                            c.prepareStatement(
                                    "UPDATE own_fills SET notified_at = now() WHERE user_id = ?"
                                            + " AND trade_id = ? AND leg_id = ? AND status = ?")) {
                        ps.setLong(1, userId);
                        ps.setString(2, fill.tradeId());
                        ps.setString(3, fill.legId());
                        ps.setString(4, fill.status().name());
                        return ps.executeUpdate();
                    }
                });
    }

    /**
     * The wallet's announced statuses never delivered (the gateway stopped between recording and
     * Telegram's answer), oldest first, recorded within {@code maxAge}. {@code firstSight}: no
     * earlier status of the leg was recorded (a confirmation then reads "matched and confirmed").
     */
    public List<Undelivered> undelivered(long userId, String wallet, Duration maxAge) {
        return transactions.inTransaction(
                "read undelivered fill notices",
                c -> {
                    try (PreparedStatement ps =
                            c.prepareStatement(
                                    "SELECT f.trade_id, f.leg_id, f.status, f.taker, f.market,"
                                            + " f.asset_id, f.outcome, f.side, f.size, f.price,"
                                            + " f.match_time, NOT EXISTS (SELECT 1 FROM own_fills o"
                                            + " WHERE o.user_id = f.user_id AND o.trade_id ="
                                            + " f.trade_id AND o.leg_id = f.leg_id AND o.status NOT"
                                            + " IN ('CONFIRMED', 'FAILED')) AS first_sight FROM"
                                            + " own_fills f WHERE f.user_id = ? AND f.wallet = ? AND"
                                            + " f.announced AND f.notified_at IS NULL AND"
                                            + " f.recorded_at > now() - ? * interval '1 second'"
                                            + " ORDER BY f.recorded_at")) {
                        ps.setLong(1, userId);
                        ps.setString(2, wallet);
                        ps.setLong(3, maxAge.toSeconds());
                        List<Undelivered> out = new ArrayList<>();
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                Timestamp matched = rs.getTimestamp("match_time");
                                String side = rs.getString("side");
                                OwnFill fill =
                                        new OwnFill(
                                                rs.getString("trade_id"),
                                                rs.getString("leg_id"),
                                                TradeStatus.parse(rs.getString("status")),
                                                rs.getBoolean("taker"),
                                                rs.getString("market"),
                                                rs.getString("asset_id"),
                                                rs.getString("outcome"),
                                                side == null ? null : Side.parse(side),
                                                rs.getBigDecimal("size"),
                                                rs.getBigDecimal("price"),
                                                matched == null ? null : matched.toInstant());
                                out.add(new Undelivered(fill, rs.getBoolean("first_sight")));
                            }
                        }
                        return out;
                    }
                });
    }
}
