package dev.polystream.gateway.store;

import dev.polystream.gateway.domain.WalletAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code wallets} and {@code wallet_links}: which traders linked which wallets. */
public final class WalletStore {

    /** A trader's link to a wallet. */
    public record Link(long userId, WalletAddress wallet, long chatId, Instant linkedAt) {}

    /** A linked wallet as the sync schedules it. */
    public record Linked(WalletAddress wallet, boolean active, Instant syncedAt) {}

    private WalletStore() {}

    /** Adds the wallet, or refreshes its public name. */
    public static void upsertWallet(Connection c, WalletAddress wallet, String name)
            throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement(
                        "INSERT INTO wallets (address, name) VALUES (?, ?)"
                                + " ON CONFLICT (address) DO UPDATE SET name = EXCLUDED.name"
                                + " WHERE wallets.name IS DISTINCT FROM EXCLUDED.name")) {
            ps.setString(1, wallet.value());
            ps.setString(2, name);
            ps.executeUpdate();
        }
    }

    /** Links the wallet to the trader; false when it already was (nothing written). */
    public static boolean link(Connection c, long userId, WalletAddress wallet, long chatId)
            throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement(
                        "INSERT INTO wallet_links (user_id, wallet, chat_id) VALUES (?, ?, ?)"
                                + " ON CONFLICT (user_id, wallet) DO NOTHING")) {
            ps.setLong(1, userId);
            ps.setString(2, wallet.value());
            ps.setLong(3, chatId);
            return ps.executeUpdate() == 1;
        }
    }

    /** Removes the trader's link; false when they had none to this wallet. */
    public static boolean unlink(Connection c, long userId, WalletAddress wallet)
            throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("DELETE FROM wallet_links WHERE user_id = ? AND wallet = ?")) {
            ps.setLong(1, userId);
            ps.setString(2, wallet.value());
            return ps.executeUpdate() == 1;
        }
    }

    /** The trader's links, oldest first. */
    public static List<Link> linksOf(Connection c, long userId) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement(
                        "SELECT user_id, wallet, chat_id, linked_at FROM wallet_links"
                                + " WHERE user_id = ? ORDER BY linked_at, wallet")) {
            ps.setLong(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                List<Link> links = new ArrayList<>();
                while (rs.next()) {
                    links.add(
                            new Link(
                                    rs.getLong("user_id"),
                                    new WalletAddress(rs.getString("wallet")),
                                    rs.getLong("chat_id"),
                                    PositionStore.instant(rs, "linked_at")));
                }
                return links;
            }
        }
    }

    /**
     * Locks the wallet's row until the transaction ends (a sync writing its holdings and an unlink
     * removing the wallet serialise on it); empty when the wallet is no longer linked by anyone.
     */
    public static boolean lockIfLinked(Connection c, WalletAddress wallet) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement(
                        "SELECT 1 FROM wallets w WHERE w.address = ? AND EXISTS (SELECT 1 FROM"
                                + " wallet_links l WHERE l.wallet = w.address) FOR UPDATE")) {
            ps.setString(1, wallet.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Deletes the wallet when nobody links it any more; true when deleted. */
    public static boolean deleteIfUnlinked(Connection c, WalletAddress wallet) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement(
                        "DELETE FROM wallets w WHERE w.address = ? AND NOT EXISTS (SELECT 1 FROM"
                                + " wallet_links l WHERE l.wallet = w.address)")) {
            ps.setString(1, wallet.value());
            return ps.executeUpdate() == 1;
        }
    }

    public static Optional<String> name(Connection c, WalletAddress wallet) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT name FROM wallets WHERE address = ?")) {
            ps.setString(1, wallet.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * Every linked wallet, and whether one of its traders is looking: they have a live card that is
     * still refreshing (tapped within {@code lookingWindow}). Read only.
     */
    public static List<Linked> linked(Connection c, Duration lookingWindow) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement(
                        "SELECT w.address, w.synced_at, EXISTS (SELECT 1 FROM wallet_links l"
                                + " JOIN live_cards lc ON lc.user_id = l.user_id"
                                + " WHERE l.wallet = w.address AND lc.paused_at IS NULL"
                                + " AND lc.last_tap_at > clock_timestamp() - ?"
                                + " * interval '1 millisecond') AS active"
                                + " FROM wallets w WHERE EXISTS (SELECT 1 FROM wallet_links l"
                                + " WHERE l.wallet = w.address) ORDER BY w.address")) {
            ps.setLong(1, lookingWindow.toMillis());
            try (ResultSet rs = ps.executeQuery()) {
                List<Linked> wallets = new ArrayList<>();
                while (rs.next()) {
                    wallets.add(
                            new Linked(
                                    new WalletAddress(rs.getString("address")),
                                    rs.getBoolean("active"),
                                    PositionStore.instant(rs, "synced_at")));
                }
                return wallets;
            }
        }
    }

    /** The wallet's holdings changed in this sync. */
    public static void markChanged(Connection c, WalletAddress wallet, Instant at)
            throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement(
                        "UPDATE wallets SET synced_at = ?, changed_at = ? WHERE address = ?")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setTimestamp(2, Timestamp.from(at));
            ps.setString(3, wallet.value());
            ps.executeUpdate();
        }
    }

    /** Records when wallets were last synced successfully, one statement for all. */
    public static int recordSynced(Connection c, Map<WalletAddress, Instant> syncedAt)
            throws SQLException {
        if (syncedAt.isEmpty()) {
            return 0;
        }
        List<String> wallets = new ArrayList<>();
        List<Timestamp> times = new ArrayList<>();
        syncedAt.forEach(
                (wallet, at) -> {
                    wallets.add(wallet.value());
                    times.add(Timestamp.from(at));
                });
        try (PreparedStatement ps =
                c.prepareStatement(
                        "UPDATE wallets w SET synced_at = u.at"
                                + " FROM unnest(?::text[], ?::timestamptz[]) AS u(address, at)"
                                + " WHERE w.address = u.address"
                                + " AND (w.synced_at IS NULL OR w.synced_at < u.at)")) {
            ps.setArray(1, c.createArrayOf("text", wallets.toArray()));
            ps.setArray(2, c.createArrayOf("timestamptz", times.toArray()));
            return ps.executeUpdate();
        }
    }
}
