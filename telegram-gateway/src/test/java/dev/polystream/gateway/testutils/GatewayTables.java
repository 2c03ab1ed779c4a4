package dev.polystream.gateway.testutils;

import dev.polystream.intent.SubscriptionIntent;
import dev.polystream.intent.SubscriptionIntentCodec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads the gateway's tables as the superuser, for assertions. */
public final class GatewayTables {

    /** An outbox row as stored. */
    public record OutboxEntry(long id, String topic, String key, String payload, boolean sent) {
        public SubscriptionIntent intent() {
            return SubscriptionIntentCodec.fromJson(payload);
        }
    }

    private GatewayTables() {}

    public static List<OutboxEntry> outbox() {
        List<OutboxEntry> rows = new ArrayList<>();
        query(
                "SELECT id, topic, msg_key, payload::text, sent_at IS NOT NULL FROM outbox"
                        + " ORDER BY id",
                rs ->
                        rows.add(
                                new OutboxEntry(
                                        rs.getLong(1),
                                        rs.getString(2),
                                        rs.getString(3),
                                        rs.getString(4),
                                        rs.getBoolean(5))));
        return rows;
    }

    public static long count(String table) {
        long[] count = new long[1];
        query("SELECT count(*) FROM " + table, rs -> count[0] = rs.getLong(1));
        return count[0];
    }

    /** The token's (positions, watchers), or null when it has no row. */
    public static int[] interest(String tokenId) {
        int[][] result = new int[1][];
        query(
                "SELECT positions, watchers FROM token_interest WHERE token_id = '"
                        + tokenId.replace("'", "''")
                        + "'",
                rs -> result[0] = new int[] {rs.getInt(1), rs.getInt(2)});
        return result[0];
    }

    @FunctionalInterface
    public interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    public static void query(String sql, RowReader reader) {
        try (Connection c =
                        DriverManager.getConnection(
                                SharedInfrastructure.postgres().jdbcUrl(),
                                SharedInfrastructure.postgres().user(),
                                SharedInfrastructure.postgres().password());
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                reader.read(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Query failed: " + sql, e);
        }
    }
}
