package dev.polystream.gateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** {@code watches}: a user follows a token without holding it. */
public final class WatchStore {

    private WatchStore() {}

    /**
     * Adds the watch; false when the user already watches the token. A concurrent insert of the
     * same watch waits for the other transaction, then finds the row and returns false.
     */
    public static boolean insert(
            Connection connection, long userId, String tokenId, String marketId)
            throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "INSERT INTO watches (user_id, token_id, market_id) VALUES (?, ?, ?)"
                                + " ON CONFLICT (user_id, token_id) DO NOTHING")) {
            ps.setLong(1, userId);
            ps.setString(2, tokenId);
            ps.setString(3, marketId);
            return ps.executeUpdate() == 1;
        }
    }

    /** Removes the watch; false when the user did not watch the token. */
    public static boolean delete(Connection connection, long userId, String tokenId)
            throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "DELETE FROM watches WHERE user_id = ? AND token_id = ?")) {
            ps.setLong(1, userId);
            ps.setString(2, tokenId);
            return ps.executeUpdate() == 1;
        }
    }

    public static boolean exists(Connection connection, long userId, String tokenId)
            throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "SELECT 1 FROM watches WHERE user_id = ? AND token_id = ?")) {
            ps.setLong(1, userId);
            ps.setString(2, tokenId);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
