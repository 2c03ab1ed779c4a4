package dev.polystream.gateway.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code outbox}: messages written in the same transaction as the change they announce, published
 * later by the relay.
 */
public final class OutboxStore {

    /**
     * The transaction-scoped advisory lock a relay holds while it publishes a batch. One relay at a
     * time keeps each key's messages in commit order on the topic, even with several gateways.
     */
    static final long RELAY_LOCK_KEY = 0x706f_6c79_6f75_7462L; // "polyoutb"

    private OutboxStore() {}

    public static long insert(Connection connection, String topic, String key, String jsonPayload)
            throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "INSERT INTO outbox (topic, msg_key, payload) VALUES (?, ?, ?::jsonb)"
                                + " RETURNING id")) {
            ps.setString(1, topic);
            ps.setString(2, key);
            ps.setString(3, jsonPayload);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Takes the relay lock for this transaction; false when another relay holds it (that relay is
     * publishing, this one should wait for the next round).
     */
    public static boolean tryLockRelay(Connection connection) throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            ps.setLong(1, RELAY_LOCK_KEY);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * Locks and returns up to {@code limit} unsent rows for {@code topic}, oldest first. Rows
     * another transaction has locked are skipped, never waited for or returned twice.
     */
    public static List<OutboxRow> claimUnsent(Connection connection, String topic, int limit)
            throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "SELECT id, topic, msg_key, payload::text FROM outbox"
                                + " WHERE sent_at IS NULL AND topic = ?"
                                + " ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")) {
            ps.setString(1, topic);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<OutboxRow> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(
                            new OutboxRow(
                                    rs.getLong(1),
                                    rs.getString(2),
                                    rs.getString(3),
                                    rs.getString(4)));
                }
                return rows;
            }
        }
    }

    public static int markSent(Connection connection, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return 0;
        }
        Array array = connection.createArrayOf("bigint", ids.toArray());
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "UPDATE outbox SET sent_at = now() WHERE id = ANY(?)")) {
            ps.setArray(1, array);
            return ps.executeUpdate();
        } finally {
            array.free();
        }
    }

    /** Deletes rows sent longer than {@code retention} ago; returns how many. */
    public static int purgeSent(Connection connection, Duration retention) throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "DELETE FROM outbox WHERE sent_at < now() - make_interval(secs => ?)")) {
            ps.setDouble(1, retention.toSeconds());
            return ps.executeUpdate();
        }
    }

    public static long countUnsent(Connection connection, String topic) throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND topic = ?")) {
            ps.setString(1, topic);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
