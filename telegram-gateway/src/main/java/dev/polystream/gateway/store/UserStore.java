package dev.polystream.gateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** {@code users}: one row per Telegram user. */
public final class UserStore {

    private UserStore() {}

    /** Registers the user unless known; never blocks on an existing row. */
    public static void ensureExists(Connection connection, long userId) throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "INSERT INTO users (id) VALUES (?) ON CONFLICT (id) DO NOTHING")) {
            ps.setLong(1, userId);
            ps.executeUpdate();
        }
    }

    /** Registers the user, or refreshes the names Telegram reports for them. */
    public static void upsert(Connection connection, long userId, String username, String firstName)
            throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "INSERT INTO users (id, username, first_name) VALUES (?, ?, ?)"
                                + " ON CONFLICT (id) DO UPDATE"
                                + " SET username = EXCLUDED.username,"
                                + " first_name = EXCLUDED.first_name")) {
            ps.setLong(1, userId);
            ps.setString(2, username);
            ps.setString(3, firstName);
            ps.executeUpdate();
        }
    }

    /**
     * Locks the user's row until the transaction ends: changes that check a per-user limit or
     * average into a position run one after another for one user.
     */
    public static void lock(Connection connection, long userId) throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement("SELECT 1 FROM users WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, userId);
            ps.executeQuery().close();
        }
    }
}
