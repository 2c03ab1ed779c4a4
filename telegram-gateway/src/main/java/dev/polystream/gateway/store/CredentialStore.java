package dev.polystream.gateway.store;

import dev.polystream.gateway.credentials.CredentialsJson;
import dev.polystream.gateway.credentials.SecretBox;
import dev.polystream.gateway.credentials.SecretsKey;
import dev.polystream.gateway.credentials.StoredCredentials;
import dev.polystream.ws.auth.ClobCredentials;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code trader_credentials}: traders' CLOB credentials, sealed at rest with the gateway's {@link
 * SecretsKey} (AES-GCM bound to the row: user and wallet) and opened only in memory. A row sealed
 * under another key, or one that does not open, is skipped with one log line naming the user and
 * wallet, never its content.
 */
public final class CredentialStore {

    private static final Logger LOG = LoggerFactory.getLogger(CredentialStore.class);

    private static final String COLUMNS =
            "user_id, chat_id, wallet, address, kind, key_hint, sealed, key_id";

    private final TransactionRunner transactions;
    private final SecretsKey key;

    public CredentialStore(DataSource dataSource, SecretsKey key) {
        this.transactions = new TransactionRunner(dataSource);
        this.key = key;
    }

    /**
     * Seals and stores the credentials, replacing the trader's earlier ones for the wallet (and
     * clearing a rejection).
     *
     * @throws IllegalStateException without a secrets key
     */
    public void save(StoredCredentials c) {
        SecretBox box = key.box();
        byte[] plain = CredentialsJson.write(c.credentials());
        byte[] sealed;
        try {
            sealed = box.seal(plain, CredentialsJson.aad(c.userId(), c.wallet()));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
        transactions.inTransaction(
                "store credentials",
                conn -> {
                    try (PreparedStatement ps =
                            conn.prepareStatement(
                                    "INSERT INTO trader_credentials ("
                                            + COLUMNS
                                            + ", state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active')"
                                            + " ON CONFLICT (user_id, wallet) DO UPDATE SET"
                                            + " chat_id = EXCLUDED.chat_id,"
                                            + " address = EXCLUDED.address,"
                                            + " kind = EXCLUDED.kind,"
                                            + " key_hint = EXCLUDED.key_hint,"
                                            + " sealed = EXCLUDED.sealed,"
                                            + " key_id = EXCLUDED.key_id,"
                                            + " state = 'active', connected_at = now(),"
                                            + " rejected_at = NULL")) {
                        ps.setLong(1, c.userId());
                        ps.setLong(2, c.chatId());
                        ps.setString(3, c.wallet());
                        ps.setString(4, c.credentials().address());
                        ps.setString(5, c.kind());
                        ps.setString(6, c.keyHint());
                        ps.setBytes(7, sealed);
                        ps.setString(8, key.keyId());
                        return ps.executeUpdate();
                    }
                });
    }

    /** Deletes the trader's credentials for the wallet; false when there were none. */
    public boolean delete(long userId, String wallet) {
        return transactions.inTransaction(
                "delete credentials",
                conn -> {
                    try (PreparedStatement ps =
                            conn.prepareStatement(
                                    "DELETE FROM trader_credentials WHERE user_id = ?"
                                            + " AND wallet = ?")) {
                        ps.setLong(1, userId);
                        ps.setString(2, wallet);
                        return ps.executeUpdate() == 1;
                    }
                });
    }

    /** Deletes all the trader's credentials; returns the wallets they were for. */
    public List<String> deleteAll(long userId) {
        return transactions.inTransaction(
                "delete credentials",
                conn -> {
                    List<String> wallets = new ArrayList<>();
                    try (PreparedStatement ps =
                            conn.prepareStatement(
                                    "DELETE FROM trader_credentials WHERE user_id = ?"
                                            + " RETURNING wallet")) {
                        ps.setLong(1, userId);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                wallets.add(rs.getString(1));
                            }
                        }
                    }
                    wallets.sort(null);
                    return wallets;
                });
    }

    /** Every active connection that opens with this key (at start: whose channels to open). */
    public List<StoredCredentials> active() {
        return select("WHERE state = 'active' ORDER BY user_id, wallet", ps -> {});
    }

    /** The trader's credentials for the wallet, active or rejected, when they open. */
    public Optional<StoredCredentials> find(long userId, String wallet) {
        return select(
                        "WHERE user_id = ? AND wallet = ?",
                        ps -> {
                            ps.setLong(1, userId);
                            ps.setString(2, wallet);
                        })
                .stream()
                .findFirst();
    }

    /** The trader's credentials that open, active or rejected, by wallet. */
    public List<StoredCredentials> ofUser(long userId) {
        return select("WHERE user_id = ? ORDER BY wallet", ps -> ps.setLong(1, userId));
    }

    /** A trader's connection as /wallets shows it: no secret, nothing opened. */
    public record Summary(String wallet, String keyHint, boolean rejected) {}

    /** The trader's connections by wallet, without opening them. */
    public Map<String, Summary> summaries(long userId) {
        return transactions.inTransaction(
                "read credentials",
                conn -> {
                    Map<String, Summary> out = new HashMap<>();
                    try (PreparedStatement ps =
                            conn.prepareStatement(
                                    "SELECT wallet, key_hint, state FROM trader_credentials"
                                            + " WHERE user_id = ?")) {
                        ps.setLong(1, userId);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                out.put(
                                        rs.getString(1),
                                        new Summary(
                                                rs.getString(1),
                                                rs.getString(2),
                                                "rejected".equals(rs.getString(3))));
                            }
                        }
                    }
                    return out;
                });
    }

    /** The wallets the trader connected (for /disconnect and /wallets), sorted. */
    public List<String> walletsOf(long userId) {
        return transactions.inTransaction(
                "read credentials",
                conn -> {
                    List<String> wallets = new ArrayList<>();
                    try (PreparedStatement ps =
                            conn.prepareStatement(
                                    "SELECT wallet FROM trader_credentials WHERE user_id = ?"
                                            + " ORDER BY wallet")) {
                        ps.setLong(1, userId);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                wallets.add(rs.getString(1));
                            }
                        }
                    }
                    return wallets;
                });
    }

    /**
     * Polymarket refused them (the user channel dropped at once): kept but no longer active, until
     * the trader connects again. False when there was no active row.
     */
    public boolean markRejected(long userId, String wallet) {
        return transactions.inTransaction(
                "mark credentials rejected",
                conn -> {
                    try (PreparedStatement ps =
                            conn.prepareStatement(
                                    "UPDATE trader_credentials SET state = 'rejected',"
                                            + " rejected_at = now() WHERE user_id = ?"
                                            + " AND wallet = ? AND state = 'active'")) {
                        ps.setLong(1, userId);
                        ps.setString(2, wallet);
                        return ps.executeUpdate() == 1;
                    }
                });
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<StoredCredentials> select(String where, Binder binder) {
        return transactions.inTransaction(
                "read credentials",
                conn -> {
                    List<StoredCredentials> out = new ArrayList<>();
                    try (PreparedStatement ps =
                            conn.prepareStatement(
                                    "SELECT " + COLUMNS + " FROM trader_credentials " + where)) {
                        binder.bind(ps);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                open(rs).ifPresent(out::add);
                            }
                        }
                    }
                    return out;
                });
    }

    private Optional<StoredCredentials> open(ResultSet rs) throws SQLException {
        long userId = rs.getLong("user_id");
        String wallet = rs.getString("wallet");
        String keyId = rs.getString("key_id");
        if (!key.present()) {
            LOG.warn(
                    "Credentials of user={} wallet={} skipped: no secrets key is set",
                    userId,
                    wallet);
            return Optional.empty();
        }
        if (!key.keyId().equals(keyId)) {
            LOG.warn(
                    "Credentials of user={} wallet={} skipped: sealed with another key (id {})",
                    userId,
                    wallet,
                    keyId);
            return Optional.empty();
        }
        byte[] plain = null;
        try {
            plain = key.box().open(rs.getBytes("sealed"), CredentialsJson.aad(userId, wallet));
            ClobCredentials credentials =
                    CredentialsJson.read(plain, rs.getString("kind"), rs.getString("address"));
            return Optional.of(
                    new StoredCredentials(
                            userId,
                            rs.getLong("chat_id"),
                            wallet,
                            rs.getString("key_hint"),
                            credentials));
        } catch (RuntimeException e) {
            LOG.warn(
                    "Credentials of user={} wallet={} skipped: they do not open ({})",
                    userId,
                    wallet,
                    e.getMessage());
            return Optional.empty();
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }
}
