package dev.polystream.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystream.embedded.LocalPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * V13: {@code price_bars_1s} partitioned by UTC day with a DEFAULT partition, the partition upkeep
 * functions and their grants, retention dropping whole days without touching candles, and the
 * migration of an existing unpartitioned table.
 */
class BarPartitionsITCase {

    /** A UTC day relative to today, as a date expression. */
    private static String day(int offset) {
        return "((now() AT TIME ZONE 'UTC')::date + " + offset + ")";
    }

    /** A time within a UTC day relative to today. */
    private static String at(int dayOffset, String time) {
        return "((" + day(dayOffset) + " + time '" + time + "') AT TIME ZONE 'UTC')";
    }

    private static LocalPostgres pg;

    @BeforeAll
    static void start() {
        pg = LocalPostgres.startTemporary();
        SchemaMigrator.migrate(pg.dataSource());
    }

    @AfterAll
    static void stop() {
        pg.close();
    }

    @BeforeEach
    void empty() throws SQLException {
        exec("TRUNCATE price_bars_1s, candles_1m, candles_1h");
    }

    @Test
    void barsArePartitionedByDayAroundTodayWithADefault() throws SQLException {
        assertThat(
                        query(
                                "SELECT partstrat FROM pg_partitioned_table"
                                        + " WHERE partrelid = 'price_bars_1s'::regclass"))
                .containsExactly("r");
        List<String> parts = partitions();
        assertThat(parts).contains("price_bars_1s_default");
        for (int offset = -1; offset <= 2; offset++) {
            assertThat(parts)
                    .contains(query("SELECT bar_partition_name(" + day(offset) + ")").get(0));
        }
        // Every partition carries the primary key and the BRIN index of V11.
        assertThat(
                        query(
                                "SELECT count(*) FROM pg_indexes WHERE tablename = '"
                                        + query("SELECT bar_partition_name(" + day(0) + ")").get(0)
                                        + "' AND (indexdef LIKE '%USING brin (bucket)%'"
                                        + " OR indexdef LIKE '%UNIQUE INDEX%(token_id, bucket)%')"))
                .containsExactly("2");
    }

    @Test
    void aBarOfADayWithoutPartitionLandsInTheDefaultAndMovesWhenItsDayIsCreated()
            throws SQLException {
        exec(bar("t1", at(9, "12:00:00"), "0.5"));
        assertThat(partitionOf("t1")).isEqualTo("price_bars_1s_default");

        assertThat(query("SELECT create_bar_partitions(" + day(9) + ", " + day(9) + ")"))
                .containsExactly("1");

        assertThat(partitionOf("t1"))
                .isEqualTo(query("SELECT bar_partition_name(" + day(9) + ")").get(0));
        assertThat(query("SELECT count(*) FROM price_bars_1s_default")).containsExactly("0");
        // Idempotent: the day exists now.
        assertThat(query("SELECT create_bar_partitions(" + day(9) + ", " + day(9) + ")"))
                .containsExactly("0");
        exec("DROP TABLE " + query("SELECT bar_partition_name(" + day(9) + ")").get(0));
    }

    @Test
    void retentionDropsWholeOldDaysButNeitherCandlesNorRecentBarsNorTheDefault()
            throws SQLException {
        exec("SELECT create_bar_partitions(" + day(-40) + ", " + day(-30) + ")");
        exec(bar("old", at(-40, "08:00:00"), "0.2"));
        exec(bar("edge", at(-30, "23:59:59"), "0.3")); // day -30 ends less than 30 days ago
        exec(bar("now", "date_trunc('second', now())", "0.4"));
        exec(
                "INSERT INTO candles_1m(token_id, bucket, open, close, bars) VALUES ('old', "
                        + at(-40, "08:00:00")
                        + ", 0.2, 0.2, 1)");
        exec(
                "INSERT INTO candles_1h(token_id, bucket, open, close, bars) VALUES ('old', "
                        + at(-40, "08:00:00")
                        + ", 0.2, 0.2, 1)");
        String oldDay = query("SELECT bar_partition_name(" + day(-40) + ")").get(0);
        assertThat(partitionOf("old")).isEqualTo(oldDay);
        // A day older than retention without its own partition stays in the default.
        exec(bar("older", at(-50, "08:00:00"), "0.1"));

        List<String> dropped = query("SELECT drop_bar_partitions(interval '30 days')");

        assertThat(dropped).contains(oldDay).hasSize(10); // days -40 .. -31
        assertThat(partitions()).doesNotContain(oldDay);
        assertThat(query("SELECT token_id FROM price_bars_1s ORDER BY token_id"))
                .containsExactly("edge", "now", "older");
        assertThat(query("SELECT count(*) FROM candles_1m WHERE token_id = 'old'"))
                .containsExactly("1");
        assertThat(query("SELECT count(*) FROM candles_1h WHERE token_id = 'old'"))
                .containsExactly("1");
        assertThat(query("SELECT drop_bar_partitions(interval '30 days')")).isEmpty();
        assertThatThrownBy(() -> query("SELECT drop_bar_partitions(interval '0')"))
                .hasMessageContaining("retention must be positive");
    }

    @Test
    void theJobKeepsPartitionsAndWritesCandlesAnalystsOnlyRead() throws SQLException {
        try (Connection c = pg.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute("SET ROLE polystream_job");
            s.execute("SELECT ensure_bar_partitions(2)");
            s.execute("SELECT drop_bar_partitions(interval '30 days')");
            s.execute(bar("job", "date_trunc('second', now())", "0.5"));
            s.execute("INSERT INTO candles_1m(token_id, bucket) VALUES ('job', now())");
            s.execute("INSERT INTO candles_1h(token_id, bucket) VALUES ('job', now())");
            assertThatThrownBy(
                            () ->
                                    s.execute(
                                            "SELECT create_bar_partitions(current_date, current_date)"))
                    .hasMessageContaining("permission denied");
            s.execute("RESET ROLE");
            s.execute("SET ROLE polystream_analyst");
            s.executeQuery("SELECT count(*) FROM candles_1m, candles_1h, price_bars_1s").close();
            assertThatThrownBy(() -> s.execute("SELECT ensure_bar_partitions(2)"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.execute("DELETE FROM candles_1m"))
                    .hasMessageContaining("permission denied");
        }
    }

    @Test
    void migratingAnUnpartitionedTableKeepsEveryBarInItsDay() throws SQLException {
        exec("DROP DATABASE IF EXISTS before_v13");
        exec("CREATE DATABASE before_v13");
        String url = pg.jdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/before_v13$1");
        Flyway.configure()
                .dataSource(url, pg.user(), pg.password())
                .locations("classpath:db/migration")
                .target("12")
                .load()
                .migrate();
        try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password());
                Statement s = c.createStatement()) {
            s.execute(bar("a", at(-3, "10:00:00"), "0.1"));
            s.execute(bar("a", at(-3, "10:00:01"), "0.2"));
            s.execute(bar("b", at(-1, "23:59:59"), "0.3"));
            s.execute(bar("c", at(0, "00:00:00"), "0.4"));

            assertThat(SchemaMigrator.migrate(url, pg.user(), pg.password())).isPositive();

            try (ResultSet rs =
                    s.executeQuery(
                            "SELECT token_id, tableoid::regclass::text,"
                                    + " tableoid::regclass::text = bar_partition_name((bucket AT TIME ZONE"
                                    + " 'UTC')::date) FROM price_bars_1s ORDER BY token_id, bucket")) {
                List<String> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(rs.getString(1) + ":" + rs.getBoolean(3));
                }
                assertThat(rows).containsExactly("a:true", "a:true", "b:true", "c:true");
            }
            // The candles of the bars already there are built: a's two seconds in one minute.
            try (ResultSet rs =
                    s.executeQuery(
                            "SELECT string_agg(token_id || ' ' || open || '-' || close || ' ' || bars,"
                                    + " ',' ORDER BY token_id) FROM candles_1m")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("a 0.1-0.2 2,b 0.3-0.3 1,c 0.4-0.4 1");
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM candles_1h")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(3);
            }
            try (ResultSet rs =
                    s.executeQuery("SELECT to_regclass('price_bars_1s_unpartitioned')")) {
                rs.next();
                assertThat(rs.getString(1)).isNull();
            }
        }
    }

    private static String bar(String token, String bucket, String price) {
        return "INSERT INTO price_bars_1s(token_id, bucket, open, high, low, close, messages)"
                + " VALUES ('"
                + token
                + "', "
                + bucket
                + ", "
                + price
                + ", "
                + price
                + ", "
                + price
                + ", "
                + price
                + ", 1)";
    }

    private static String partitionOf(String token) throws SQLException {
        return query(
                        "SELECT tableoid::regclass::text FROM price_bars_1s WHERE token_id = '"
                                + token
                                + "'")
                .get(0);
    }

    private static List<String> partitions() throws SQLException {
        return query(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                        + " WHERE i.inhparent = 'price_bars_1s'::regclass ORDER BY 1");
    }

    private static void exec(String sql) throws SQLException {
        try (Connection c = pg.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The first column of every row, as text. */
    private static List<String> query(String sql) throws SQLException {
        try (Connection c = pg.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }
}
