package dev.polystream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.polystream.embedded.LocalPostgres;
import dev.polystream.job.testutils.Sql;
import dev.polystream.sql.SchemaMigrator;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./polystream replay} end to end, through the script: a capture of a two-token market (a
 * snapshot, price changes, a trade, a PONG, a truncated frame and an unknown event) gives the bars
 * worked out by hand, and replaying it again changes no row.
 */
class ReplayITCase {

    private static final String A =
            "35097776985291732938703789329476309347184434628144948443908557621261304812";
    private static final String B =
            "71321045679252212594626385532706912750332728571942532289631379312455583992563";
    private static final long T = 1_790_000_000_000L;

    private static LocalPostgres pg;
    private static Sql sql;

    @BeforeAll
    static void start() {
        pg = LocalPostgres.startTemporary();
        SchemaMigrator.migrate(pg.dataSource());
        sql = new Sql(pg.jdbcUrl(), pg.user());
        sql.update(
                "INSERT INTO markets(id, question, outcomes, token_ids, source) VALUES"
                        + " ('m-replay', 'Replayed?', '{Yes,No}', ?, 'gamma')",
                (Object) new String[] {A, B});
    }

    @AfterAll
    static void stop() {
        pg.close();
    }

    @Test
    void replayWritesTheExpectedBarsAndReplayingAgainChangesNothing() throws Exception {
        Path capture = capture("two-token-market.txt");

        LauncherScript.Result first =
                LauncherScript.run(180, "replay", "--jdbc-url", pg.jdbcUrl(), capture.toString());
        assertThat(first.exitCode()).as(first.output()).isZero();

        assertThat(sql.rows("SELECT * FROM price_bars_1s ORDER BY token_id, bucket"))
                .extracting(
                        r -> r.get("token_id"),
                        r -> ((Instant) r.get("bucket")).toEpochMilli() - T,
                        r -> plain(r.get("open")),
                        r -> plain(r.get("high")),
                        r -> plain(r.get("low")),
                        r -> plain(r.get("close")),
                        r -> plain(r.get("best_bid")),
                        r -> plain(r.get("best_ask")),
                        r -> plain(r.get("last_trade_price")),
                        r -> plain(r.get("volume")),
                        r -> r.get("messages"),
                        r -> r.get("source"))
                .containsExactly(
                        tuple(
                                A, 0L, "0.475", "0.49", "0.475", "0.49", "0.48", "0.5", "0.47", "0",
                                2, "replay"),
                        tuple(
                                A, 1000L, "0.515", "0.515", "0.515", "0.515", "0.48", "0.55", "0.5",
                                "25", 2, "replay"),
                        tuple(
                                A, 2000L, "0.5", "0.5", "0.5", "0.5", "0.45", "0.55", "0.5", "0", 1,
                                "replay"),
                        tuple(
                                A, 3000L, "0.5", "0.5", "0.5", "0.5", "0.4", "0.55", "0.5", "0", 1,
                                "replay"),
                        tuple(
                                B, 0L, "0.525", "0.525", "0.51", "0.51", "0.5", "0.52", "0.53", "0",
                                2, "replay"),
                        tuple(
                                B, 1000L, "0.485", "0.485", "0.485", "0.485", "0.45", "0.52",
                                "0.53", "0", 1, "replay"),
                        tuple(
                                B, 2000L, "0.5", "0.5", "0.5", "0.5", "0.45", "0.55", "0.53", "0",
                                1, "replay"),
                        tuple(
                                B, 3000L, "0.53", "0.53", "0.53", "0.53", "0.45", "0.6", "0.53",
                                "0", 1, "replay"));
        assertThat(sql.rows("SELECT token_id, price, source FROM token_prices ORDER BY token_id"))
                .extracting(
                        r -> r.get("token_id"), r -> plain(r.get("price")), r -> r.get("source"))
                .containsExactly(tuple(A, "0.5", "replay"), tuple(B, "0.53", "replay"));
        assertThat(sql.rows("SELECT outcome_prices::text AS p, source FROM markets"))
                .extracting(r -> r.get("p"), r -> r.get("source"))
                .containsExactly(tuple("{0.5,0.53}", "replay"));

        Map<String, List<Map<String, Object>>> afterFirst = sql.jobTables();
        LauncherScript.Result second =
                LauncherScript.run(180, "replay", "--jdbc-url", pg.jdbcUrl(), capture.toString());
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(sql.jobTables()).isEqualTo(afterFirst);
    }

    @Test
    void aMissingCaptureIsAClearError() throws Exception {
        LauncherScript.Result result =
                LauncherScript.run(
                        60, "replay", "--jdbc-url", pg.jdbcUrl(), "/nonexistent/capture");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("cannot read /nonexistent/capture");
    }

    private static Path capture(String name) throws URISyntaxException {
        return Path.of(ReplayITCase.class.getResource("/captures/" + name).toURI());
    }

    private static String plain(Object decimal) {
        return decimal == null ? null : ((BigDecimal) decimal).stripTrailingZeros().toPlainString();
    }
}
