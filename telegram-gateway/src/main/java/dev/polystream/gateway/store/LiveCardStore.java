package dev.polystream.gateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code live_cards}: the one live /positions card of each chat. */
public final class LiveCardStore {

    /** A chat's live card. */
    public record LiveCard(
            long chatId,
            long userId,
            long messageId,
            int page,
            String renderHash,
            Instant lastTapAt,
            Instant pausedAt) {

        public boolean isPaused() {
            return pausedAt != null;
        }
    }

    private static final String COLUMNS =
            "chat_id, user_id, message_id, page, render_hash, last_tap_at, paused_at";

    private LiveCardStore() {}

    /** Makes {@code messageId} the chat's live card (replacing any earlier one), tapped now. */
    public static void put(
            Connection connection,
            long chatId,
            long userId,
            long messageId,
            int page,
            String renderHash)
            throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "INSERT INTO live_cards (chat_id, user_id, message_id, page, render_hash,"
                                + " last_tap_at, paused_at, updated_at)"
                                + " VALUES (?, ?, ?, ?, ?, now(), NULL, now())"
                                + " ON CONFLICT (chat_id) DO UPDATE SET user_id = EXCLUDED.user_id,"
                                + " message_id = EXCLUDED.message_id, page = EXCLUDED.page,"
                                + " render_hash = EXCLUDED.render_hash, last_tap_at = now(),"
                                + " paused_at = NULL, updated_at = now()")) {
            ps.setLong(1, chatId);
            ps.setLong(2, userId);
            ps.setLong(3, messageId);
            ps.setInt(4, page);
            ps.setString(5, renderHash);
            ps.executeUpdate();
        }
    }

    public static Optional<LiveCard> find(Connection connection, long chatId) throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "SELECT " + COLUMNS + " FROM live_cards WHERE chat_id = ?")) {
            ps.setLong(1, chatId);
            List<LiveCard> cards = all(ps);
            return cards.isEmpty() ? Optional.empty() : Optional.of(cards.get(0));
        }
    }

    /** Cards still refreshing. */
    public static List<LiveCard> active(Connection connection) throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "SELECT " + COLUMNS + " FROM live_cards WHERE paused_at IS NULL")) {
            return all(ps);
        }
    }

    /** The user tapped something in the chat: refreshing goes on (or resumes). */
    public static void tap(Connection connection, long chatId) throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "UPDATE live_cards SET last_tap_at = now(), updated_at = now()"
                                + " WHERE chat_id = ?")) {
            ps.setLong(1, chatId);
            ps.executeUpdate();
        }
    }

    public static void update(
            Connection connection, long chatId, long messageId, int page, String hash)
            throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "UPDATE live_cards SET page = ?, render_hash = ?, updated_at = now()"
                                + " WHERE chat_id = ? AND message_id = ?")) {
            ps.setInt(1, page);
            ps.setString(2, hash);
            ps.setLong(3, chatId);
            ps.setLong(4, messageId);
            ps.executeUpdate();
        }
    }

    public static void pause(Connection connection, long chatId, long messageId, String hash)
            throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "UPDATE live_cards SET paused_at = now(), render_hash = ?,"
                                + " updated_at = now() WHERE chat_id = ? AND message_id = ?")) {
            ps.setString(1, hash);
            ps.setLong(2, chatId);
            ps.setLong(3, messageId);
            ps.executeUpdate();
        }
    }

    public static void delete(Connection connection, long chatId, long messageId)
            throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "DELETE FROM live_cards WHERE chat_id = ? AND message_id = ?")) {
            ps.setLong(1, chatId);
            ps.setLong(2, messageId);
            ps.executeUpdate();
        }
    }

    private static List<LiveCard> all(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            List<LiveCard> cards = new ArrayList<>();
            while (rs.next()) {
                cards.add(
                        new LiveCard(
                                rs.getLong("chat_id"),
                                rs.getLong("user_id"),
                                rs.getLong("message_id"),
                                rs.getInt("page"),
                                rs.getString("render_hash"),
                                PositionStore.instant(rs, "last_tap_at"),
                                PositionStore.instant(rs, "paused_at")));
            }
            return cards;
        }
    }
}
