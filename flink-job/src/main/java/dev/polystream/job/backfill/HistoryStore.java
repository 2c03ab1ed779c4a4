package dev.polystream.job.backfill;

import dev.polystream.job.sink.JdbcTarget;
import dev.polystream.ws.rest.PricesHistoryClient.Point;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * The back-fill's two tables: whether a token's history was loaded ({@code backfills}), and its
 * points with the row that marks it done, in one transaction ({@code price_history}, inserted
 * {@code ON CONFLICT DO NOTHING}, so a repeated load changes nothing). One connection, opened on
 * first use and again after a failure. Not thread-safe: the worker's thread only.
 */
final class HistoryStore implements AutoCloseable {

    static final String LOADED = "SELECT 1 FROM backfills WHERE token_id = ?";

    static final String INSERT_POINTS =
            "INSERT INTO price_history (token_id, ts, price, source)"
                    + " SELECT ?, to_timestamp(u.t), u.p, 'clob-history'"
                    + " FROM unnest(?::bigint[], ?::numeric[]) AS u(t, p)"
                    + " ON CONFLICT (token_id, ts) DO NOTHING";

    static final String INSERT_DONE =
            "INSERT INTO backfills (token_id, points, window_start, window_end, fidelity_minutes)"
                    + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (token_id) DO NOTHING";

    private final JdbcTarget target;
    private Connection connection;

    HistoryStore(JdbcTarget target) {
        this.target = target;
    }

    /** Whether the token's history was loaded before (by this job or an earlier run). */
    boolean loaded(String tokenId) throws SQLException {
        try (PreparedStatement select = connection().prepareStatement(LOADED)) {
            select.setString(1, tokenId);
            try (ResultSet rows = select.executeQuery()) {
                boolean found = rows.next();
                connection.commit();
                return found;
            }
        } catch (SQLException e) {
            discard();
            throw e;
        }
    }

    /** Writes the points and marks the token done, in one transaction. */
    void save(String tokenId, List<Point> points, Instant from, Instant to, int fidelityMinutes)
            throws SQLException {
        Connection c = connection();
        try {
            Long[] times = new Long[points.size()];
            BigDecimal[] prices = new BigDecimal[points.size()];
            for (int i = 0; i < points.size(); i++) {
                times[i] = points.get(i).epochSecond();
                prices[i] = points.get(i).price();
            }
            try (PreparedStatement insert = c.prepareStatement(INSERT_POINTS)) {
                insert.setString(1, tokenId);
                insert.setArray(2, c.createArrayOf("bigint", times));
                insert.setArray(3, c.createArrayOf("numeric", prices));
                insert.executeUpdate();
            }
            try (PreparedStatement done = c.prepareStatement(INSERT_DONE)) {
                done.setString(1, tokenId);
                done.setInt(2, points.size());
                done.setTimestamp(3, Timestamp.from(from));
                done.setTimestamp(4, Timestamp.from(to));
                done.setInt(5, fidelityMinutes);
                done.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            discard();
            throw e;
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = target.connect();
        }
        return connection;
    }

    /** After a failure: the next call opens a fresh connection. */
    private void discard() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Already broken.
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        discard();
    }
}
