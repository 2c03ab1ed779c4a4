package dev.polystream.gateway.store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code price_bars_1s} (written by the job) for charts. */
public final class PriceHistoryStore {

    /** The closing price of one bucket. */
    public record Point(Instant at, BigDecimal close) {}

    private PriceHistoryStore() {}

    /**
     * The token's closing prices over the last {@code window}, one point per {@code step} (the last
     * close within each step), oldest first.
     */
    public static List<Point> closes(
            Connection connection, String tokenId, Duration window, Duration step)
            throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "SELECT to_timestamp(floor(extract(epoch FROM bucket) / ?) * ?) AS step,"
                                + " (array_agg(close ORDER BY bucket DESC))[1] AS close"
                                + " FROM price_bars_1s WHERE token_id = ?"
                                + " AND bucket > now() - make_interval(secs => ?)"
                                + " AND close IS NOT NULL GROUP BY 1 ORDER BY 1")) {
            ps.setLong(1, step.toSeconds());
            ps.setLong(2, step.toSeconds());
            ps.setString(3, tokenId);
            ps.setDouble(4, window.toSeconds());
            try (ResultSet rs = ps.executeQuery()) {
                List<Point> points = new ArrayList<>();
                while (rs.next()) {
                    points.add(
                            new Point(
                                    PositionStore.instant(rs, "step"), rs.getBigDecimal("close")));
                }
                return points;
            }
        }
    }
}
