package dev.polystream.job;

import static dev.polystream.ws.testing.FakePolymarketServer.levels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.polystream.job.testutils.LiveJobHarness;
import dev.polystream.ws.protocol.Side;
import dev.polystream.ws.testing.FakePolymarketServer;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.Test;

/**
 * The live job under failure, on real parts: MiniCluster, PostgreSQL, Kafka and the fake Polymarket
 * server on a socket.
 */
class JobResilienceITCase {

    private static final String COND1 = "0x" + "1".repeat(64);
    private static final String COND2 = "0x" + "2".repeat(64);
    private static final String YES1 =
            "1000000000000000000000000000000000000000000000000000000000000000000000000001";
    private static final String NO1 =
            "1000000000000000000000000000000000000000000000000000000000000000000000000002";
    private static final String YES2 =
            "2000000000000000000000000000000000000000000000000000000000000000000000000001";
    private static final String NO2 =
            "2000000000000000000000000000000000000000000000000000000000000000000000000002";

    @Test
    void shouldRestoreAfterLosingTheTaskManagerAndEndWithTheRowsOfARunWithoutFailure()
            throws Exception {
        Map<String, Object> withoutFailure = scenario(false);
        Map<String, Object> withFailure = scenario(true);
        assertThat(withFailure).isEqualTo(withoutFailure);
        // The scenario is not trivially equal: it priced positions and wrote bars.
        assertThat((List<?>) withoutFailure.get("bars")).hasSizeGreaterThanOrEqualTo(8);
    }

    /**
     * Two scripted phases of exchange events; with {@code fail}, the task manager is lost between
     * them (after a checkpoint) and the job must restore and re-subscribe every token before phase
     * two. Returns the rows, with times relative to each phase's start.
     */
    private Map<String, Object> scenario(boolean fail) throws Exception {
        try (LiveJobHarness h = LiveJobHarness.start(1)) {
            FakePolymarketServer pm = h.polymarket;
            pm.addBinaryMarket(
                    COND1,
                    YES1,
                    NO1,
                    levels("0.40", "100", "0.45", "200"),
                    levels("0.55", "150", "0.50", "100"));
            pm.addBinaryMarket(COND2, YES2, NO2, levels("0.20", "100"), levels("0.30", "100"));
            h.sql.execute(
                    "INSERT INTO markets(id, condition_id, outcomes, token_ids) VALUES"
                            + " ('m1', '"
                            + COND1
                            + "', '{Yes,No}', '{"
                            + YES1
                            + ","
                            + NO1
                            + "}'),"
                            + " ('m2', '"
                            + COND2
                            + "', '{Yes,No}', '{"
                            + YES2
                            + ","
                            + NO2
                            + "}')",
                    "INSERT INTO positions(id, user_id, market_id, token_id, outcome, amount,"
                            + " entry_price) VALUES (1, 7, 'm1', '"
                            + YES1
                            + "', 'Yes', 100, 0.40),"
                            + " (2, 7, 'm2', '"
                            + YES2
                            + "', 'Yes', 50, 0.25),"
                            + " (3, 8, 'm1', '"
                            + NO1
                            + "', 'No', 10, 0.60)");
            for (String token : List.of(YES1, YES2, NO1)) {
                h.intent(token, 1, 0);
            }
            for (String token : List.of(YES1, YES2, NO1)) {
                pm.awaitSubscribed(token, Duration.ofSeconds(60));
            }

            long t0 = phaseStart();
            pm.priceChange(YES1, Side.BUY, "0.47", "10", t0 + 100);
            pm.priceChange(YES2, Side.SELL, "0.28", "5", t0 + 250);
            pm.priceChange(YES1, Side.SELL, "0.50", "0", t0 + 1100);
            pm.priceChange(YES2, Side.BUY, "0.25", "20", t0 + 2300);
            awaitBar(h, YES1, t0 + 1000);
            awaitBar(h, YES2, t0 + 2000);

            h.awaitNextCheckpoint();
            if (fail) {
                int recordsBefore = pm.subscriptionLog().size();
                h.replaceTaskManager();
                h.awaitRestored();
                // Every owned token is subscribed again on a brand-new socket.
                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(
                                () ->
                                        assertThat(
                                                        pm
                                                                .subscriptionLog()
                                                                .subList(
                                                                        recordsBefore,
                                                                        pm.subscriptionLog().size())
                                                                .stream()
                                                                .filter(
                                                                        r ->
                                                                                !r.operation()
                                                                                        .equals(
                                                                                                "unsubscribe"))
                                                                .flatMap(r -> r.tokens().stream())
                                                                .toList())
                                                .contains(YES1, YES2, NO1));
                assertThat(pm.subscribedTokens()).containsExactlyInAnyOrder(YES1, YES2, NO1);
            }

            long t1 = phaseStart();
            pm.priceChange(YES1, Side.BUY, "0.49", "5", t1 + 100);
            pm.priceChange(YES2, Side.SELL, "0.27", "3", t1 + 900);
            // A trade after the failure: a re-subscription snapshot before it would otherwise tell
            // the restored run about it (snapshots carry the market's last trade) and not the
            // other.
            pm.trade(YES1, "0.50", "7", Side.BUY, t1 + 1600);
            pm.priceChange(YES1, Side.BUY, "0.49", "0", t1 + 2100);
            awaitBar(h, YES1, t1 + 2000);
            awaitBar(h, YES2, t1);

            Map<String, Object> rows = new LinkedHashMap<>();
            rows.put(
                    "token_prices",
                    h
                            .sql
                            .rows(
                                    "SELECT token_id, price, best_bid, best_ask, last_trade_price,"
                                            + " source, exchange_ts FROM token_prices ORDER BY token_id")
                            .stream()
                            .map(r -> relative(r, "exchange_ts", t1))
                            .toList());
            rows.put(
                    "markets",
                    h.sql.rows("SELECT id, outcome_prices, source FROM markets ORDER BY id"));
            rows.put(
                    "positions",
                    h
                            .sql
                            .rows(
                                    "SELECT id, status, current_price, pnl_amount, pnl_percentage,"
                                            + " price_ts FROM positions ORDER BY id")
                            .stream()
                            .map(r -> relative(r, "price_ts", t1))
                            .toList());
            List<Map<String, Object>> bars = new ArrayList<>();
            for (long t : new long[] {t0, t1}) {
                h.sql.rows(
                                "SELECT token_id, bucket, open, high, low, close, best_bid, best_ask,"
                                        + " last_trade_price, volume, messages, source FROM"
                                        + " price_bars_1s WHERE bucket >= ? AND bucket < ? ORDER BY"
                                        + " token_id, bucket",
                                java.sql.Timestamp.from(Instant.ofEpochMilli(t)),
                                java.sql.Timestamp.from(Instant.ofEpochMilli(t + 3000)))
                        .forEach(r -> bars.add(relative(r, "bucket", t)));
            }
            rows.put("bars", bars);
            assertThat(h.jobStatus()).isEqualTo(JobStatus.RUNNING);
            return rows;
        }
    }

    @Test
    void shouldBlockThroughATwentySecondDatabaseOutageAndCatchUpWithoutFailingOver()
            throws Exception {
        try (LiveJobHarness h = LiveJobHarness.start(1)) {
            FakePolymarketServer pm = h.polymarket;
            pm.addBinaryMarket(COND1, YES1, NO1, levels("0.40", "100"), levels("0.60", "100"));
            h.sql.execute(
                    "INSERT INTO positions(id, user_id, token_id, outcome, amount, entry_price)"
                            + " VALUES (1, 7, '"
                            + YES1
                            + "', 'Yes', 10, 0.50)");
            h.intent(YES1, 1, 0);
            pm.awaitSubscribed(YES1, Duration.ofSeconds(60));
            long t0 = phaseStart();
            pm.priceChange(YES1, Side.BUY, "0.42", "10", t0 + 100);
            awaitBar(h, YES1, t0);

            h.postgres.stop();
            long outageStart = System.nanoTime();
            long t1 = phaseStart() - 2000; // the next second
            List<String> bids = List.of("0.43", "0.44", "0.45", "0.46", "0.47");
            for (int i = 0; i < bids.size(); i++) {
                pm.priceChange(YES1, Side.BUY, bids.get(i), "10", t1 + i * 1000L + 100);
            }
            // The outage itself lasts 20 s of wall time.
            long left = Duration.ofSeconds(20).toNanos() - (System.nanoTime() - outageStart);
            Thread.sleep(Math.max(0, left / 1_000_000));
            h.postgres.restart();

            for (int i = 0; i < bids.size(); i++) {
                awaitBar(h, YES1, t1 + i * 1000L);
            }
            // Last bid 0.47, ask 0.60: spread 0.13 > 0.10, no trade yet, so no displayed price
            // change beyond the last midpoint at 0.46/0.60? No: the rule falls back to the last
            // trade, which is unknown, so the price stays the last one displayed.
            assertThat(
                            IntStream.range(0, bids.size())
                                    .mapToObj(
                                            i ->
                                                    (BigDecimal)
                                                            h.sql.value(
                                                                    "SELECT best_bid FROM"
                                                                            + " price_bars_1s WHERE"
                                                                            + " token_id = ? AND"
                                                                            + " bucket = ?",
                                                                    YES1,
                                                                    java.sql.Timestamp.from(
                                                                            Instant.ofEpochMilli(
                                                                                    t1
                                                                                            + i
                                                                                                    * 1000L))))
                                    .map(BigDecimal::toPlainString)
                                    .toList())
                    .isEqualTo(bids);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(
                            () ->
                                    assertThat(
                                                    (BigDecimal)
                                                            h.sql.value(
                                                                    "SELECT best_bid FROM token_prices WHERE token_id = ?",
                                                                    YES1))
                                            .isEqualByComparingTo("0.47"));
            // It blocked and caught up: no fail-over, no restore.
            assertThat(h.jobStatus()).isEqualTo(JobStatus.RUNNING);
            assertThat(h.checkpoints().getLatestRestoredCheckpoint()).isNull();
        }
    }

    @Test
    void shouldFailTheTaskPastTheOutageBudgetRestartAndEndWithTheRightRows() throws Exception {
        try (LiveJobHarness h = LiveJobHarness.start(1, Map.of("sink.max-outage", "4s"))) {
            FakePolymarketServer pm = h.polymarket;
            pm.addBinaryMarket(COND1, YES1, NO1, levels("0.40", "100"), levels("0.50", "100"));
            h.sql.execute(
                    "INSERT INTO positions(id, user_id, token_id, outcome, amount, entry_price)"
                            + " VALUES (1, 7, '"
                            + YES1
                            + "', 'Yes', 10, 0.40)");
            h.intent(YES1, 1, 0);
            pm.awaitSubscribed(YES1, Duration.ofSeconds(60));
            long t0 = phaseStart();
            pm.priceChange(YES1, Side.BUY, "0.42", "10", t0 + 100);
            awaitBar(h, YES1, t0);
            h.awaitNextCheckpoint();

            h.postgres.stop();
            long outageStart = System.nanoTime();
            long t1 = phaseStart() - 2000;
            List<String> bids = List.of("0.43", "0.44", "0.45", "0.46", "0.48");
            for (int i = 0; i < bids.size(); i++) {
                pm.priceChange(YES1, Side.BUY, bids.get(i), "10", t1 + i * 1000L + 100);
            }
            // Three times the budget: the writer gives up, the task fails and is restarted (and
            // gives up again) until the database is back.
            long left = Duration.ofSeconds(12).toNanos() - (System.nanoTime() - outageStart);
            Thread.sleep(Math.max(0, left / 1_000_000));
            h.postgres.restart();

            h.awaitRestored();
            // The latest book wins: best bid 0.48, ask 0.50, midpoint 0.49; P&L 10 × 0.49 − 4.
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(
                            () -> {
                                assertThat(
                                                (BigDecimal)
                                                        h.sql.value(
                                                                "SELECT best_bid FROM token_prices"
                                                                        + " WHERE token_id = ?",
                                                                YES1))
                                        .isEqualByComparingTo("0.48");
                                assertThat(
                                                (BigDecimal)
                                                        h.sql.value(
                                                                "SELECT pnl_amount FROM positions"
                                                                        + " WHERE id = 1"))
                                        .isEqualByComparingTo("0.9");
                            });
            assertThat(h.jobStatus()).isEqualTo(JobStatus.RUNNING);
            // Exactly one bar row per token and second, whatever was replayed.
            assertThat(
                            (Long)
                                    h.sql.value(
                                            "SELECT count(*) - count(DISTINCT bucket) FROM"
                                                    + " price_bars_1s WHERE token_id = ?",
                                            YES1))
                    .isZero();
        }
    }

    @Test
    void shouldStreamEachTokenExactlyOnceAtParallelismTwo() throws Exception {
        try (LiveJobHarness h = LiveJobHarness.start(2)) {
            FakePolymarketServer pm = h.polymarket;
            List<String> tokens = new ArrayList<>();
            for (int m = 0; m < 10; m++) {
                String yes = (3000 + m) + "1".repeat(70);
                String no = (3000 + m) + "2".repeat(70);
                pm.addBinaryMarket(
                        "0x" + String.format("%064d", m),
                        yes,
                        no,
                        levels("0.40", "10"),
                        levels("0.44", "10"));
                tokens.add(yes);
                tokens.add(no);
            }
            for (String token : tokens) {
                h.intent(token, 1, 0);
            }
            for (String token : tokens) {
                pm.awaitSubscribed(token, Duration.ofSeconds(60));
            }
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(
                            () ->
                                    assertThat(
                                                    ((Number)
                                                                    h.sql.value(
                                                                            "SELECT count(*) FROM token_prices"))
                                                            .intValue())
                                            .isEqualTo(tokens.size()));
            Map<String, Integer> subscriptions = new LinkedHashMap<>();
            for (FakePolymarketServer.SubscriptionRecord r : pm.subscriptionLog()) {
                if (!r.operation().equals("unsubscribe")) {
                    r.tokens().forEach(t -> subscriptions.merge(t, 1, Integer::sum));
                }
            }
            assertThat(subscriptions.keySet()).containsExactlyInAnyOrderElementsOf(tokens);
            assertThat(subscriptions.values()).allMatch(n -> n == 1);
            // Both subtasks stream: the tokens are spread over two sockets.
            assertThat(pm.subscriptionsByConnection().values().stream().filter(s -> !s.isEmpty()))
                    .hasSize(2);
        }
    }

    /** A second boundary far enough ahead that no event of the phase can be late. */
    private static long phaseStart() {
        return Math.floorDiv(System.currentTimeMillis(), 1000) * 1000 + 3000;
    }

    private static void awaitBar(LiveJobHarness h, String token, long bucket) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () ->
                                h.sql.value(
                                                "SELECT messages FROM price_bars_1s WHERE token_id"
                                                        + " = ? AND bucket = ?",
                                                token,
                                                java.sql.Timestamp.from(
                                                        Instant.ofEpochMilli(bucket)))
                                        != null);
    }

    private static Map<String, Object> relative(Map<String, Object> row, String column, long base) {
        Map<String, Object> copy = new LinkedHashMap<>(row);
        Object v = copy.get(column);
        if (v instanceof Instant instant) {
            copy.put(column, instant.toEpochMilli() - base);
        }
        return copy;
    }
}
