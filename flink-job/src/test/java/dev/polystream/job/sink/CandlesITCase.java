package dev.polystream.job.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystream.embedded.LocalPostgres;
import dev.polystream.job.bar.PriceBar;
import dev.polystream.job.config.JobOptions;
import dev.polystream.sql.SchemaMigrator;
import dev.polystream.ws.PriceSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Candles equal the one-second bars aggregated (computed here independently, with GROUP BY over
 * {@code price_bars_1s}), through the real sink and across flushes, late and rewritten bars and
 * replays; and the partition upkeep the sink runs.
 */
class CandlesITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final long MINUTE = 60_000;
    private static final long HOUR = 3_600_000;

    /** Half past the hour before last: an hour of bars crosses an hour boundary. */
    private static final long START = System.currentTimeMillis() / HOUR * HOUR - HOUR - 30 * MINUTE;

    private static LocalPostgres pg;

    @BeforeAll
    static void startDatabase() {
        pg = LocalPostgres.startTemporary();
        SchemaMigrator.migrate(pg.dataSource());
    }

    @AfterAll
    static void stopDatabase() {
        pg.close();
    }

    @BeforeEach
    void empty() throws SQLException {
        exec("TRUNCATE price_bars_1s, candles_1m, candles_1h");
    }

    @Test
    void candlesWrittenByTheSinkEqualTheBarsAggregated() throws Exception {
        List<PriceBar> bars = new ArrayList<>();
        Random random = new Random(10);
        String[] tokens = {"hot", "warm", "rare"};
        double[] activity = {0.6, 0.1, 0.01};
        for (int t = 0; t < tokens.length; t++) {
            double price = 0.5;
            for (long s = START; s < START + HOUR; s += 1000) {
                if (random.nextDouble() < activity[t]) {
                    price = Math.min(0.99, Math.max(0.01, price + (random.nextInt(5) - 2) * 0.01));
                    bars.add(randomBar(tokens[t], s, price, random));
                }
            }
        }
        Collections.shuffle(bars, random); // minutes and hours spread over flushes, out of order
        Configuration conf = new Configuration();
        conf.set(JobOptions.JDBC_URL, pg.jdbcUrl());
        conf.set(JobOptions.JDBC_USER, pg.user());
        conf.set(JobOptions.SINK_BATCH_SIZE, 97);
        conf.set(JobOptions.SINK_PARALLELISM, 2);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        PriceTableSink.attach(env.fromData(bars, TypeInformation.of(PriceBar.class)), conf);
        env.execute("candles");

        assertThat(count("price_bars_1s")).isEqualTo(bars.size());
        assertThat(count("candles_1h")).isEqualTo(2 * tokens.length);
        assertThat(count("candles_1m")).isGreaterThan(60);
        assertCandlesEqualBarsAggregated();
    }

    @Test
    void aMinuteOverSeveralFlushesWithALateAndARewrittenBarAndAReplay() throws SQLException {
        long m = START + 10 * MINUTE;
        try (Connection c = connect()) {
            flush(c, bar("t", m + 10_000, "0.50", "0.50", "0.60", "0.55", "2"));
            flush(c, bar("t", m + 20_000, "0.55", "0.50", "0.95", "0.60", "3"));
            flush(c, bar("t", m + 30_000, "0.60", "0.60", "0.70", "0.70", "4"));
            assertThat(candle("candles_1m", m)).isEqualTo("0.50 0.50 0.95 0.70 9 3");

            // Late: a second before the first one; its open becomes the candle's.
            flush(c, bar("t", m + 5_000, "0.40", "0.40", "0.45", "0.45", "1"));
            assertThat(candle("candles_1m", m)).isEqualTo("0.40 0.40 0.95 0.70 10 4");

            // Rewritten: the second with the high comes again with a lower one.
            flush(c, bar("t", m + 20_000, "0.55", "0.50", "0.65", "0.60", "3"));
            assertThat(candle("candles_1m", m)).isEqualTo("0.40 0.40 0.70 0.70 10 4");

            // A replay of what is already written changes nothing (volume is not counted twice).
            flush(
                    c,
                    bar("t", m + 5_000, "0.40", "0.40", "0.45", "0.45", "1"),
                    bar("t", m + 30_000, "0.60", "0.60", "0.70", "0.70", "4"));
            assertThat(candle("candles_1m", m)).isEqualTo("0.40 0.40 0.70 0.70 10 4");
            assertThat(candle("candles_1h", m / HOUR * HOUR)).isEqualTo("0.40 0.40 0.70 0.70 10 4");
        }
        assertCandlesEqualBarsAggregated();
    }

    @Test
    void theUpkeepRunsAtMostOncePerIntervalCreatesDaysAheadAndDropsOldDays() throws SQLException {
        String ahead = value("SELECT bar_partition_name((now() AT TIME ZONE 'UTC')::date + 2)");
        String old = value("SELECT bar_partition_name((now() AT TIME ZONE 'UTC')::date - 45)");
        exec("DROP TABLE " + ahead);
        exec(
                "SELECT create_bar_partitions((now() AT TIME ZONE 'UTC')::date - 45,"
                        + " (now() AT TIME ZONE 'UTC')::date - 45)");
        exec(
                "INSERT INTO candles_1m(token_id, bucket) VALUES ('kept', now() - interval '45 days')");
        BarPartitions upkeep = new BarPartitions(Duration.ofDays(30));
        long t0 = 1_000_000;
        try (Connection c = connect()) {
            assertThat(upkeep.runIfDue(c, () -> t0)).isTrue();
            assertThat(exists(ahead)).isTrue();
            assertThat(exists(old)).isFalse();
            assertThat(count("candles_1m")).isEqualTo(1);

            exec("DROP TABLE " + ahead);
            assertThat(upkeep.runIfDue(c, () -> t0 + 59 * MINUTE)).isFalse();
            assertThat(exists(ahead)).isFalse();
            assertThat(upkeep.runIfDue(c, () -> t0 + HOUR)).isTrue();
            assertThat(exists(ahead)).isTrue();
        }
        assertThatThrownBy(() -> new BarPartitions(Duration.ZERO))
                .hasMessageContaining("bars.retention");
    }

    /**
     * Both candle tables hold exactly the aggregates of {@code price_bars_1s} by minute and by
     * hour: first non-null open and last non-null close by second, extremes, the book of the last
     * second, sums and the number of seconds.
     */
    private static void assertCandlesEqualBarsAggregated() throws SQLException {
        for (String[] table : new String[][] {{"candles_1m", "minute"}, {"candles_1h", "hour"}}) {
            String grouped =
                    """
                    SELECT g.token_id, g.p,
                      (SELECT o.open FROM price_bars_1s o WHERE o.token_id = g.token_id
                         AND date_trunc('%1$s', o.bucket) = g.p AND o.open IS NOT NULL
                         ORDER BY o.bucket LIMIT 1),
                      g.high, g.low,
                      (SELECT o.close FROM price_bars_1s o WHERE o.token_id = g.token_id
                         AND date_trunc('%1$s', o.bucket) = g.p AND o.close IS NOT NULL
                         ORDER BY o.bucket DESC LIMIT 1),
                      l.best_bid, l.best_ask, l.last_trade_price, g.volume, g.messages, g.bars
                    FROM (SELECT token_id, date_trunc('%1$s', bucket) AS p, max(high) AS high,
                                 min(low) AS low, sum(volume) AS volume,
                                 sum(messages) AS messages, count(*) AS bars, max(bucket) AS last
                          FROM price_bars_1s GROUP BY 1, 2) g
                    JOIN price_bars_1s l ON l.token_id = g.token_id AND l.bucket = g.last
                    """
                            .formatted(table[1]);
            String candles =
                    "SELECT token_id, bucket, open, high, low, close, best_bid, best_ask,"
                            + " last_trade_price, volume, messages, bars FROM "
                            + table[0];
            List<String> expected = rows(grouped);
            assertThat(expected).isNotEmpty();
            assertThat(rows(candles)).as(table[0]).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    private static PriceBar randomBar(String token, long bucket, double price, Random random) {
        BigDecimal p = BigDecimal.valueOf(price).setScale(2, java.math.RoundingMode.HALF_UP);
        BigDecimal tick = new BigDecimal("0.01");
        boolean noOpen = random.nextInt(10) == 0;
        boolean noClose = random.nextInt(10) == 0;
        return new PriceBar(
                token,
                "0xc",
                bucket,
                noOpen ? null : p,
                p.add(tick.multiply(BigDecimal.valueOf(random.nextInt(3)))),
                p.subtract(tick.multiply(BigDecimal.valueOf(random.nextInt(3)))),
                noClose ? null : p,
                random.nextInt(8) == 0 ? null : p.subtract(tick),
                p.add(tick),
                p,
                BigDecimal.valueOf(random.nextInt(500), 1),
                1 + random.nextInt(5),
                PriceSource.WS,
                bucket + 900,
                bucket + 950,
                false,
                0);
    }

    private static PriceBar bar(
            String token,
            long bucket,
            String open,
            String low,
            String high,
            String close,
            String volume) {
        BigDecimal c = new BigDecimal(close);
        return new PriceBar(
                token,
                "0xc",
                bucket,
                new BigDecimal(open),
                new BigDecimal(high),
                new BigDecimal(low),
                c,
                c.subtract(new BigDecimal("0.01")),
                c.add(new BigDecimal("0.01")),
                c,
                new BigDecimal(volume),
                1,
                PriceSource.WS,
                bucket + 500,
                bucket + 600,
                false,
                0);
    }

    /** One flush as the writer does it: the bars, then the candles, one transaction. */
    private static void flush(Connection c, PriceBar... bars) throws SQLException {
        PriceBatch batch = new PriceBatch();
        for (PriceBar bar : bars) {
            batch.add(bar);
        }
        CandleStatements.Rewrites rewrites = CandleStatements.foldNewBars(c, batch.history());
        PriceStatements.write(c, batch, batch.latest(), false, new FlushTimings());
        rewrites.recompute(c);
        c.commit();
    }

    /** open low high close volume bars of one candle. */
    private static String candle(String table, long bucketMs) throws SQLException {
        return value(
                "SELECT concat_ws(' ', open, low, high, close, volume, bars) FROM "
                        + table
                        + " WHERE token_id = 't' AND bucket = 'epoch'::timestamptz + "
                        + bucketMs
                        + " * interval '1 millisecond'");
    }

    private static Connection connect() throws SQLException {
        Connection c = pg.dataSource().getConnection();
        c.setAutoCommit(false);
        return c;
    }

    private static boolean exists(String table) throws SQLException {
        return value("SELECT to_regclass('" + table + "') IS NOT NULL").equals("t");
    }

    private static long count(String table) throws SQLException {
        return Long.parseLong(value("SELECT count(*) FROM " + table));
    }

    private static void exec(String sql) throws SQLException {
        try (Connection c = pg.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String value(String sql) throws SQLException {
        List<String> rows = rows(sql);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    /** Every row, its columns as text joined by '|'. */
    private static List<String> rows(String sql) throws SQLException {
        try (Connection c = pg.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
            return rows;
        }
    }
}
