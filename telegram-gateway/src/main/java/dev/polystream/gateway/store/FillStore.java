package dev.polystream.gateway.store;

import dev.polystream.ws.user.OwnFill;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.sql.Types;
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

    /** Whether the leg reached a final status (CONFIRMED or FAILED) for the trader. */
    public boolean hasFinal(long userId, String tradeId, String legId) {
        return exists(userId, tradeId, legId, "status IN ('CONFIRMED', 'FAILED')");
    }

    /** Whether any status of the leg was recorded for the trader. */
    public boolean seen(long userId, String tradeId, String legId) {
        return exists(userId, tradeId, legId, "true");
    }

    private boolean exists(long userId, String tradeId, String legId, String condition) {
        return transactions.inTransaction(
                "read fills",
                c -> {
                    try (PreparedStatement ps =
                            c.prepareStatement(
                                    "SELECT 1 FROM own_fills WHERE user_id = ? AND trade_id = ?"
                                            + " AND leg_id = ? AND "
                                            + condition
                                            + " LIMIT 1")) {
                        ps.setLong(1, userId);
                        ps.setString(2, tradeId);
                        ps.setString(3, legId);
                        try (ResultSet rs = ps.executeQuery()) {
                            return rs.next();
                        }
                    }
                });
    }
}
