package dev.polystream.job.backfill;

import static dev.polystream.ws.testing.FakePolymarketServer.levels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.polystream.embedded.LocalPostgres;
import dev.polystream.job.sink.JdbcTarget;
import dev.polystream.job.testutils.Sql;
import dev.polystream.sql.SchemaMigrator;
import dev.polystream.ws.testing.FakePolymarketServer;
import dev.polystream.ws.testing.FakePolymarketServer.RestRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The back-fill's worker against real PostgreSQL and the fake CLOB on loopback, without Flink:
 * loaded once (also by a fresh worker, as after a restart without state), paced, healed after an
 * outage and after 429s, a bad token given up.
 */
class BackfillWorkerITCase {

    private static final String MARKET = "0x" + "56".repeat(32);
    private static final String YES = "31";
    private static final String NO = "32";

    private static LocalPostgres postgres;
    private static Sql sql;
    private FakePolymarketServer clob;
    private BackfillWorker worker;

    @BeforeAll
    static void database() {
        postgres = LocalPostgres.startTemporary();
        SchemaMigrator.migrate(postgres.dataSource());
        sql = new Sql(postgres.jdbcUrl(), postgres.user());
    }

    @AfterAll
    static void stopDatabase() {
        postgres.close();
    }

    @BeforeEach
    void start() {
        sql.execute("TRUNCATE price_history, backfills");
        clob = FakePolymarketServer.start();
        clob.addBinaryMarket(MARKET, YES, NO, levels("0.40", "5"), levels("0.44", "7"));
    }

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.close();
        }
        clob.close();
    }

    private BackfillWorker worker(double requestsPerSecond, int maxAttempts) {
        BackfillSettings settings =
                new BackfillSettings(
                        Duration.ofHours(6),
                        60,
                        requestsPerSecond,
                        maxAttempts,
                        Duration.ofMillis(300),
                        clob.restUrl().toString(),
                        Duration.ofSeconds(5));
        BackfillWorker w =
                new BackfillWorker(
                        settings,
                        new JdbcTarget(postgres.jdbcUrl(), postgres.user(), postgres.password()),
                        1.0,
                        "history-backfill-test");
        w.start();
        return w;
    }

    private List<RestRequest> historyRequests() {
        return clob.restRequests().stream()
                .filter(r -> r.path().equals("/prices-history"))
                .toList();
    }

    private long rows(String token) {
        return sql.<Long>value("SELECT count(*) FROM price_history WHERE token_id = ?", token);
    }

    private void awaitDone(BackfillWorker w) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> w.pending().isEmpty());
    }

    @Test
    void shouldLoadATokenOnceEvenForAFreshWorker() {
        worker = worker(20, 3);
        worker.offer(YES);
        worker.offer(YES);
        awaitDone(worker);

        assertThat(historyRequests()).hasSize(1);
        long points = rows(YES);
        assertThat(points).isBetween(6L, 8L); // one an hour over six hours, and the "now" point
        assertThat(
                        sql.<Number>value("SELECT points FROM backfills WHERE token_id = ?", YES)
                                .longValue())
                .isGreaterThanOrEqualTo(points);
        assertThat(
                        sql.<String>value(
                                "SELECT min(source) FROM price_history WHERE token_id = ?", YES))
                .isEqualTo("clob-history");
        assertThat(
                        sql.<Number>value(
                                        "SELECT count(*) FROM price_history"
                                                + " WHERE token_id = ? AND price = 0.42",
                                        YES)
                                .longValue())
                .isEqualTo(points);

        worker.close();
        worker = worker(20, 3); // a restart without state: the table says it is done
        worker.offer(YES);
        awaitDone(worker);
        assertThat(historyRequests()).hasSize(1);
        assertThat(rows(YES)).isEqualTo(points);
    }

    @Test
    void shouldLetTheJobWriteAndAnalystsReadTheTables() {
        sql.execute(
                "BEGIN",
                "SET LOCAL ROLE polystream_job",
                "INSERT INTO price_history (token_id, ts, price) VALUES ('1', now(), 0.5)",
                "INSERT INTO backfills (token_id, points, window_start, window_end,"
                        + " fidelity_minutes) VALUES ('1', 1, now(), now(), 60)",
                "SELECT count(*) FROM backfills",
                "SET LOCAL ROLE polystream_analyst",
                "SELECT count(*) FROM price_history JOIN backfills USING (token_id)",
                "COMMIT");
        assertThat(sql.<String>value("SELECT source FROM price_history WHERE token_id = '1'"))
                .isEqualTo("clob-history");
        assertThatThrownBy(
                        () ->
                                sql.execute(
                                        "BEGIN",
                                        "SET LOCAL ROLE polystream_analyst",
                                        "DELETE FROM price_history",
                                        "COMMIT"))
                .hasMessageContaining("permission denied");
    }

    @Test
    void shouldPaceRequestsAndRideOutThrottling() {
        worker = worker(4, 20);
        long started = System.nanoTime();
        for (String token : List.of(YES, NO, "33", "34", "35")) {
            worker.offer(token);
        }
        awaitDone(worker);
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(historyRequests()).hasSize(5);
        assertThat(tookMs).isGreaterThanOrEqualTo(900); // 5 requests at 4/s: at least 1 s
        assertThat(sql.<Long>value("SELECT count(*) FROM backfills")).isEqualTo(5L);

        clob.historyRateLimit(1);
        worker.close();
        sql.execute("TRUNCATE price_history, backfills");
        worker = worker(50, 20);
        for (String token : List.of(YES, NO, "33")) {
            worker.offer(token);
        }
        awaitDone(worker);
        assertThat(historyRequests()).anySatisfy(r -> assertThat(r.status()).isEqualTo(429));
        assertThat(sql.<Long>value("SELECT count(*) FROM backfills")).isEqualTo(3L);
        assertThat(worker.givenUp.get()).isZero();
    }

    @Test
    void shouldHealAfterAnOutageAndGiveUpABadToken() {
        clob.restAvailable(false);
        worker = worker(20, 50);
        worker.offer(YES);
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () ->
                                historyRequests().stream().filter(r -> r.status() == 503).count()
                                        >= 3);
        assertThat(rows(YES)).isZero();

        clob.restAvailable(true);
        awaitDone(worker);
        assertThat(rows(YES)).isPositive();
        assertThat(worker.failures.get()).isGreaterThanOrEqualTo(3);

        worker.offer("not-a-token");
        awaitDone(worker);
        assertThat(worker.givenUp.get()).isEqualTo(1);
        assertThat(sql.<Long>value("SELECT count(*) FROM backfills")).isEqualTo(1L);
    }
}
