package dev.polystream.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What PostgreSQL wrote between two moments, read as the superuser without writing anything: rows
 * inserted, updated and deleted per table ({@code pg_stat_user_tables}), the WAL written ({@code
 * pg_current_wal_lsn()}), the transactions that wrote (transaction ids assigned: a transaction that
 * only reads gets none), every committed transaction, and the autovacuum and autoanalyze runs.
 *
 * <p>PostgreSQL 14 sends a backend's table counts at most every 500 ms, and a backend that goes
 * idle right after a write keeps them until its next statement; so a write before a snapshot can
 * show up after it ({@link #awaitReported} waits that out). {@link #rowVersionsSince} is the exact
 * check: the rows whose current version a transaction that got its id after a snapshot wrote.
 */
final class DatabaseWrites {

    /** The gateway's tables, for the exact check. */
    static final List<String> GATEWAY_TABLES =
            List.of(
                    "positions",
                    "wallets",
                    "wallet_links",
                    "token_interest",
                    "outbox",
                    "live_cards",
                    "users",
                    "alerts",
                    "watches",
                    "markets");

    /** Counters at one moment. */
    record Snapshot(
            Map<String, long[]> tables, String walLsn, long nextXid, long commits, long nanos) {}

    /** What was written between two snapshots. */
    record Delta(
            Map<String, long[]> tables,
            long inserted,
            long updated,
            long deleted,
            long walBytes,
            long writingTransactions,
            long commits,
            long maintenanceRuns,
            double seconds) {

        long rows() {
            return inserted + updated + deleted;
        }

        /** {@code table: +ins ~upd -del} for every table that was written. */
        String perTable() {
            StringBuilder b = new StringBuilder();
            tables.forEach(
                    (table, n) -> {
                        if (n[0] + n[1] + n[2] > 0) {
                            b.append(b.length() == 0 ? "" : ", ")
                                    .append(table)
                                    .append(" +")
                                    .append(n[0])
                                    .append(" ~")
                                    .append(n[1])
                                    .append(" -")
                                    .append(n[2]);
                        }
                    });
            return b.length() == 0 ? "none" : b.toString();
        }
    }

    private DatabaseWrites() {}

    static Snapshot take(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_stat_clear_snapshot()");
            Map<String, long[]> tables = new TreeMap<>();
            try (ResultSet rs =
                    s.executeQuery(
                            "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del,"
                                    + " autovacuum_count + autoanalyze_count"
                                    + " FROM pg_stat_user_tables")) {
                while (rs.next()) {
                    tables.put(
                            rs.getString(1),
                            new long[] {
                                rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)
                            });
                }
            }
            try (ResultSet rs =
                    s.executeQuery(
                            "SELECT pg_current_wal_lsn()::text,"
                                    + " txid_snapshot_xmax(txid_current_snapshot()),"
                                    + " (SELECT xact_commit FROM pg_stat_database"
                                    + " WHERE datname = current_database())")) {
                rs.next();
                return new Snapshot(
                        tables, rs.getString(1), rs.getLong(2), rs.getLong(3), System.nanoTime());
            }
        }
    }

    static Delta between(Connection c, Snapshot from, Snapshot to) throws SQLException {
        Map<String, long[]> tables = new LinkedHashMap<>();
        long ins = 0;
        long upd = 0;
        long del = 0;
        long maintenance = 0;
        for (Map.Entry<String, long[]> e : to.tables().entrySet()) {
            long[] before = from.tables().getOrDefault(e.getKey(), new long[4]);
            long[] d = new long[4];
            for (int i = 0; i < 4; i++) {
                d[i] = e.getValue()[i] - before[i];
            }
            tables.put(e.getKey(), d);
            ins += d[0];
            upd += d[1];
            del += d[2];
            maintenance += d[3];
        }
        long wal;
        try (PreparedStatement ps =
                c.prepareStatement("SELECT pg_wal_lsn_diff(?::pg_lsn, ?::pg_lsn)::bigint")) {
            ps.setString(1, to.walLsn());
            ps.setString(2, from.walLsn());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                wal = rs.getLong(1);
            }
        }
        return new Delta(
                tables,
                ins,
                upd,
                del,
                wal,
                to.nextXid() - from.nextXid(),
                to.commits() - from.commits(),
                maintenance,
                (to.nanos() - from.nanos()) / 1e9);
    }

    /** How the counts of earlier writes reached the statistics. */
    record Reported(Duration waited, int closed) {}

    /**
     * Waits until every backend of {@code role} has reported the counts of what it wrote before
     * {@code quiet}: it was started after it, or a statement of it ended at least 600 ms after it
     * (at that end it reported, or it had reported less than 500 ms before, after {@code quiet}). A
     * pool connection that stays idle would hold its counts until the pool's keep-alive (about 2
     * minutes): those still idle after {@code grace} are closed ({@code pg_terminate_backend}; a
     * backend reports everything as it exits, and the pool opens another when it needs one).
     *
     * @return how long it waited and how many connections it closed; null when {@code max} passed
     *     first
     */
    static Reported awaitReported(
            Connection c, String role, Instant quiet, Duration grace, Duration max)
            throws SQLException, InterruptedException {
        long start = System.nanoTime();
        Set<Integer> reported = new HashSet<>();
        int closed = 0;
        boolean closing = false;
        // Bounded by max.
        while (true) {
            boolean all = true;
            try (PreparedStatement ps =
                    c.prepareStatement(
                            "SELECT pid, backend_start >= ? OR (state = 'idle' AND state_change"
                                    + " >= ?) FROM pg_stat_activity WHERE usename = ?")) {
                ps.setTimestamp(1, Timestamp.from(quiet));
                ps.setTimestamp(2, Timestamp.from(quiet.plusMillis(600)));
                ps.setString(3, role);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getBoolean(2)) {
                            reported.add(rs.getInt(1));
                        } else if (!reported.contains(rs.getInt(1))) {
                            all = false;
                        }
                    }
                }
            }
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            if (all) {
                // A closed backend's last report may still be on its way to the collector.
                Thread.sleep(closed > 0 ? 1_000 : 0);
                return new Reported(waited, closed);
            }
            if (waited.compareTo(max) >= 0) {
                return null;
            }
            if (!closing && waited.compareTo(grace) >= 0) {
                closing = true;
                try (PreparedStatement ps =
                        c.prepareStatement(
                                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))"
                                        + " FROM pg_stat_activity WHERE usename = ?"
                                        + " AND state = 'idle' AND state_change < ?"
                                        + " AND backend_start < ?")) {
                    ps.setString(1, role);
                    ps.setTimestamp(2, Timestamp.from(quiet.plusMillis(600)));
                    ps.setTimestamp(3, Timestamp.from(quiet));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        closed = rs.getInt(1);
                    }
                }
            }
            Thread.sleep(200);
        }
    }

    /**
     * Rows of the gateway's tables whose current version a transaction started at or after {@code
     * snapshot} wrote (inserted or updated), by table; exact, whatever the statistics say.
     */
    static Map<String, Long> rowVersionsSince(Connection c, Snapshot snapshot) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : GATEWAY_TABLES) {
            try (PreparedStatement ps =
                    c.prepareStatement(
                            "SELECT count(*) FROM " + table + " WHERE xmin::text::bigint >= ?")) {
                // xmin is the 32-bit id; the snapshot's is epoch-qualified (epoch 0 in a fresh
                // cluster).
                ps.setLong(1, snapshot.nextXid() & 0xFFFF_FFFFL);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }
}
