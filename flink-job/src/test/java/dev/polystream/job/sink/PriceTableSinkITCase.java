package dev.polystream.job.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystream.embedded.LocalPostgres;
import dev.polystream.job.bar.PriceBar;
import dev.polystream.job.config.JobOptions;
import dev.polystream.job.testutils.Sql;
import dev.polystream.sql.SchemaMigrator;
import dev.polystream.ws.PriceSource;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PriceTableSinkITCase {

    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final String YES = "1001";
    private static final String NO = "1002";
    private static final long S = 1_790_000_000_000L;

    private static LocalPostgres pg;
    private static Sql sql;

    @BeforeAll
    static void startDatabase() {
        pg = LocalPostgres.startTemporary();
        SchemaMigrator.migrate(pg.dataSource());
        sql = new Sql(pg.jdbcUrl(), pg.user());
    }

    @AfterAll
    static void stopDatabase() {
        pg.close();
    }

    @BeforeEach
    void freshRows() {
        sql.execute(
                "TRUNCATE token_prices, markets, positions, price_bars_1s",
                "INSERT INTO markets(id, condition_id, question, outcomes, token_ids, source)"
                        + " VALUES ('m1', '0xc1', 'Will it?', '{Yes,No}', '{"
                        + YES
                        + ","
                        + NO
                        + "}', 'gamma')",
                "INSERT INTO positions(id, user_id, market_id, token_id, outcome, amount,"
                        + " entry_price) VALUES (1, 7, 'm1', '"
                        + YES
                        + "', 'Yes', 100, 0.40)",
                "INSERT INTO positions(id, user_id, market_id, token_id, outcome, amount,"
                        + " entry_price) VALUES (2, 8, 'm1', '"
                        + YES
                        + "', 'Yes', 3, 0.80)",
                "INSERT INTO positions(id, user_id, market_id, token_id, outcome, amount,"
                        + " entry_price, status, current_price) VALUES (3, 7, 'm1', '"
                        + YES
                        + "', 'Yes', 5, 0.40, 'closed', 0.41)",
                "INSERT INTO positions(id, user_id, market_id, token_id, outcome, amount,"
                        + " entry_price) VALUES (4, 7, 'm1', '"
                        + NO
                        + "', 'No', 10, 0.60)");
    }

    private static PriceBar bar(String token, long bucket, String close, long closeTs) {
        BigDecimal c = close == null ? null : new BigDecimal(close);
        return new PriceBar(
                token,
                "0xc1",
                bucket,
                c,
                c,
                c,
                c,
                c == null ? null : c.subtract(new BigDecimal("0.01")),
                c == null ? null : c.add(new BigDecimal("0.01")),
                new BigDecimal("0.5"),
                new BigDecimal("12.5"),
                3,
                PriceSource.WS,
                closeTs,
                closeTs + 10,
                false,
                closeTs + 10);
    }

    private static void write(List<PriceBar> bars) throws Exception {
        write(bars, new Configuration());
    }

    private static void write(List<PriceBar> bars, Configuration conf) throws Exception {
        conf.set(JobOptions.JDBC_URL, pg.jdbcUrl());
        conf.set(JobOptions.JDBC_USER, pg.user());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        PriceTableSink.attach(env.fromData(bars, TypeInformation.of(PriceBar.class)), conf);
        env.execute("sinks");
    }

    @Test
    void shouldReportFlinksStandardSinkMetricsBesideItsOwn() throws Exception {
        write(
                List.of(
                        bar(NO, S + 7000, "0.45", S + 7900),
                        bar(NO, S + 8000, "0.46", S + 8900),
                        bar(NO, S + 9000, "0.47", S + 9900)));
        List<Long> sent = new java.util.ArrayList<>();
        List<Long> bars = new java.util.ArrayList<>();
        REPORTER.getMetricsByGroup()
                .forEach(
                        (group, metrics) ->
                                metrics.forEach(
                                        (name, metric) -> {
                                            if (metric
                                                    instanceof org.apache.flink.metrics.Counter c) {
                                                if (name.equals("numRecordsSend")) {
                                                    sent.add(c.getCount());
                                                } else if (name.equals("price_bars_1s")) {
                                                    bars.add(c.getCount());
                                                }
                                            }
                                        }));
        // One writer per job run in this class; this run sent its three bars.
        assertThat(sent).contains(3L);
        assertThat(bars).contains(3L);
    }

    @Test
    void shouldWriteLatestPricesMarketSlotPnlAndBars() throws Exception {
        write(List.of(bar(YES, S, "0.50", S + 900), bar(YES, S + 1000, "0.55", S + 1800)));

        Map<String, Object> price =
                sql.row("SELECT * FROM token_prices WHERE token_id = '" + YES + "'");
        assertThat((BigDecimal) price.get("price")).isEqualByComparingTo("0.55");
        assertThat((BigDecimal) price.get("best_bid")).isEqualByComparingTo("0.54");
        assertThat((BigDecimal) price.get("best_ask")).isEqualByComparingTo("0.56");
        assertThat(price.get("market_id")).isEqualTo("m1");
        assertThat(price.get("condition_id")).isEqualTo("0xc1");
        assertThat(price.get("source")).isEqualTo("ws");
        assertThat(price.get("exchange_ts")).isEqualTo(Instant.ofEpochMilli(S + 1800));

        Map<String, Object> market = sql.row("SELECT * FROM markets WHERE id = 'm1'");
        assertThat((List<?>) market.get("outcome_prices")).hasSize(2);
        assertThat((BigDecimal) ((List<?>) market.get("outcome_prices")).get(0))
                .isEqualByComparingTo("0.55");
        assertThat(((List<?>) market.get("outcome_prices")).get(1)).isNull();
        assertThat(market.get("source")).isEqualTo("ws");
        assertThat(market.get("prices_updated_at")).isEqualTo(Instant.ofEpochMilli(S + 1800));

        // P&L exactly as the contract states it, computed by PostgreSQL from the stored columns.
        assertThat(
                        sql.rows(
                                "SELECT id FROM positions WHERE status = 'active' AND token_id = '"
                                        + YES
                                        + "' AND (current_price <> 0.55"
                                        + " OR pnl_amount <> (current_price - entry_price) * amount"
                                        + " OR pnl_percentage <> (current_price - entry_price)"
                                        + " / entry_price * 100)"))
                .isEmpty();
        assertThat(
                        (BigDecimal)
                                sql.row("SELECT pnl_amount FROM positions WHERE id = 1")
                                        .get("pnl_amount"))
                .isEqualByComparingTo("15");
        assertThat(
                        (BigDecimal)
                                sql.row("SELECT pnl_percentage FROM positions WHERE id = 1")
                                        .get("pnl_percentage"))
                .isEqualByComparingTo("37.5");
        assertThat(
                        (BigDecimal)
                                sql.row("SELECT pnl_amount FROM positions WHERE id = 2")
                                        .get("pnl_amount"))
                .isEqualByComparingTo("-0.75");
        // Closed positions and other tokens are left alone.
        assertThat(
                        (BigDecimal)
                                sql.row("SELECT current_price FROM positions WHERE id = 3")
                                        .get("current_price"))
                .isEqualByComparingTo("0.41");
        assertThat(sql.row("SELECT current_price FROM positions WHERE id = 4").get("current_price"))
                .isNull();

        assertThat(sql.rows("SELECT * FROM price_bars_1s ORDER BY bucket"))
                .extracting(
                        r -> ((BigDecimal) r.get("close")).toPlainString(), r -> r.get("messages"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("0.50", 3),
                        org.assertj.core.groups.Tuple.tuple("0.55", 3));
    }

    @Test
    void shouldWriteBothSlotsOfAMarketFromTwoWriters() throws Exception {
        // A market whose two tokens go to different writers, which lock the market in turn.
        String yes = "2000";
        String no = null;
        for (int t = 2001; t < 2100 && no == null; t++) {
            if (KeyGroupRangeAssignment.assignKeyToParallelOperator(String.valueOf(t), 128, 2)
                    != KeyGroupRangeAssignment.assignKeyToParallelOperator(yes, 128, 2)) {
                no = String.valueOf(t);
            }
        }
        assertThat(no).isNotNull();
        sql.execute(
                "INSERT INTO markets(id, condition_id, outcomes, token_ids) VALUES ('m2', '0xc2',"
                        + " '{Yes,No}', '{"
                        + yes
                        + ","
                        + no
                        + "}')",
                "INSERT INTO positions(id, user_id, market_id, token_id, outcome, amount,"
                        + " entry_price) VALUES (5, 7, 'm2', '"
                        + no
                        + "', 'No', 10, 0.60)");
        Configuration conf = new Configuration();
        conf.set(JobOptions.SINK_PARALLELISM, 2);
        List<PriceBar> bars = new java.util.ArrayList<>();
        for (int second = 0; second < 20; second++) {
            long bucket = S + second * 1000L;
            bars.add(bar(yes, bucket, "0." + (30 + second), bucket + 500));
            bars.add(bar(no, bucket, "0." + (70 - second), bucket + 500));
        }
        write(bars, conf);

        assertThat((String) sql.value("SELECT outcome_prices::text FROM markets WHERE id = 'm2'"))
                .isEqualTo("{0.49,0.51}");
        assertThat((Long) sql.value("SELECT count(*) FROM price_bars_1s")).isEqualTo(40L);
        assertThat((BigDecimal) sql.value("SELECT pnl_amount FROM positions WHERE id = 5"))
                .isEqualByComparingTo("-0.90"); // (0.51 - 0.60) × 10
    }

    @Test
    void shouldChangeNothingWhenTheSameBarsAreWrittenAgain() throws Exception {
        List<PriceBar> bars =
                List.of(
                        bar(YES, S, "0.50", S + 900),
                        bar(NO, S, "0.50", S + 950),
                        bar(YES, S + 1000, "0.55", S + 1800));
        write(bars);
        var first = sql.jobTables();
        write(bars);
        assertThat(sql.jobTables()).isEqualTo(first);
    }

    @Test
    void shouldNeverLetAnOlderBarOverwriteANewerPrice() throws Exception {
        write(List.of(bar(YES, S + 1000, "0.55", S + 1800)));
        var before = sql.jobTables();
        write(List.of(bar(YES, S, "0.20", S + 900)));
        assertThat(sql.row("SELECT price FROM token_prices").get("price"))
                .isEqualTo(before.get("token_prices").get(0).get("price"));
        assertThat(sql.jobTables().get("positions")).isEqualTo(before.get("positions"));
        assertThat(sql.jobTables().get("markets")).isEqualTo(before.get("markets"));
        // The old second itself is history, so it is recorded.
        assertThat(sql.rows("SELECT * FROM price_bars_1s")).hasSize(2);
    }

    @Test
    void shouldKeepTheLastPriceWhenABarHasNone() throws Exception {
        write(List.of(bar(YES, S, "0.50", S + 900), bar(YES, S + 1000, null, S + 1500)));
        Map<String, Object> price = sql.row("SELECT * FROM token_prices");
        assertThat((BigDecimal) price.get("price")).isEqualByComparingTo("0.50");
        assertThat(price.get("best_bid")).isNull();
        assertThat(
                        (BigDecimal)
                                sql.row("SELECT current_price FROM positions WHERE id = 1")
                                        .get("current_price"))
                .isEqualByComparingTo("0.50");
    }

    @Test
    void shouldWriteTokensWithoutAMarketRowAndFillTheMarketOnceListed() throws Exception {
        write(List.of(bar("999", S, "0.30", S + 100)));
        Map<String, Object> price = sql.row("SELECT * FROM token_prices WHERE token_id = '999'");
        assertThat(price.get("market_id")).isNull();
        assertThat((BigDecimal) price.get("price")).isEqualByComparingTo("0.30");

        // The gateway lists the market later: the token's next price finds it and fills its slot.
        sql.update(
                "INSERT INTO markets(id, condition_id, outcomes, token_ids, outcome_prices)"
                        + " VALUES ('late', '0xlate', '{Yes,No}', '{998,999}', '{0.6,0.4}')");
        write(List.of(bar("999", S + 1000, "0.35", S + 1100)));
        assertThat((String) sql.value("SELECT market_id FROM token_prices WHERE token_id = '999'"))
                .isEqualTo("late");
        assertThat((String) sql.value("SELECT outcome_prices::text FROM markets WHERE id = 'late'"))
                .isEqualTo("{0.6,0.35}");
    }

    private static PriceBar settled(String token, String price, long ts) {
        BigDecimal p = new BigDecimal(price);
        return new PriceBar(
                token,
                "0xc1",
                Math.floorDiv(ts, 1000) * 1000,
                p,
                p,
                p,
                p,
                null,
                null,
                null,
                BigDecimal.ZERO,
                1,
                PriceSource.WS,
                ts,
                ts + 5,
                true,
                ts + 5);
    }

    private static PriceBar confirmation(String token, String price, long bookTs, long at) {
        BigDecimal p = new BigDecimal(price);
        return new PriceBar(
                token,
                "0xc1",
                Math.floorDiv(at, 1000) * 1000,
                null,
                null,
                null,
                p,
                null,
                null,
                null,
                BigDecimal.ZERO,
                0,
                PriceSource.WS,
                bookTs,
                at,
                false,
                at);
    }

    @Test
    void shouldSettleAResolvedMarketOnceAndForAll() throws Exception {
        write(List.of(bar(YES, S, "0.50", S + 900)));
        List<PriceBar> settlement =
                List.of(settled(YES, "1", S + 5000), settled(NO, "0", S + 5000));
        write(settlement);

        assertThat(
                        sql.rows(
                                "SELECT id, status, current_price, pnl_amount FROM positions ORDER BY id"))
                .extracting(
                        r -> r.get("id"),
                        r -> r.get("status"),
                        r -> plain(r.get("current_price")),
                        r -> plain(r.get("pnl_amount")))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1L, "resolved", "1", "60"),
                        org.assertj.core.groups.Tuple.tuple(2L, "resolved", "1", "0.6"),
                        org.assertj.core.groups.Tuple.tuple(3L, "closed", "0.41", null),
                        org.assertj.core.groups.Tuple.tuple(4L, "resolved", "0", "-6"));
        Map<String, Object> market = sql.row("SELECT * FROM markets WHERE id = 'm1'");
        assertThat(market.get("winning_token_id")).isEqualTo(YES);
        assertThat(market.get("resolved_at")).isEqualTo(Instant.ofEpochMilli(S + 5000));
        assertThat(
                        ((List<?>) market.get("outcome_prices"))
                                .stream()
                                        .map(
                                                v ->
                                                        ((BigDecimal) v)
                                                                .stripTrailingZeros()
                                                                .toPlainString()))
                .containsExactly("1", "0");

        var afterFirst = sql.jobTables();
        write(settlement);
        assertThat(sql.jobTables()).isEqualTo(afterFirst);
    }

    @Test
    void shouldRecordAConfirmationWithoutABarAndPriceNewPositions() throws Exception {
        write(List.of(bar(YES, S, "0.50", S + 900)));
        sql.execute(
                "INSERT INTO positions(id, user_id, market_id, token_id, outcome, amount,"
                        + " entry_price) VALUES (5, 9, 'm1', '"
                        + YES
                        + "', 'Yes', 10, 0.45)");
        write(List.of(confirmation(YES, "0.50", S + 900, S + 60_000)));

        assertThat(
                        sql.row("SELECT confirmed_at FROM token_prices WHERE token_id = ?", YES)
                                .get("confirmed_at"))
                .isEqualTo(Instant.ofEpochMilli(S + 60_000));
        assertThat(sql.rows("SELECT * FROM price_bars_1s")).hasSize(1);
        assertThat((BigDecimal) sql.value("SELECT pnl_amount FROM positions WHERE id = 5"))
                .isEqualByComparingTo("0.5");
        // Positions already priced by that book are not rewritten.
        assertThat((Instant) sql.value("SELECT price_ts FROM positions WHERE id = 1"))
                .isEqualTo(Instant.ofEpochMilli(S + 900));
    }

    private static String plain(Object decimal) {
        return decimal == null ? null : ((BigDecimal) decimal).stripTrailingZeros().toPlainString();
    }
}
