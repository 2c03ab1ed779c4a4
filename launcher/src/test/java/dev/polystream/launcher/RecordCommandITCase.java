package dev.polystream.launcher;

import static dev.polystream.ws.testing.FakePolymarketServer.levels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import dev.polystream.embedded.LocalPostgres;
import dev.polystream.job.testutils.Sql;
import dev.polystream.ws.protocol.Side;
import dev.polystream.ws.testing.FakePolymarketServer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@code ./polystream record} as a user runs it, against the fake Polymarket server: the frames
 * land in the file one per line (a frame with line breaks too), SIGTERM stops it cleanly, and
 * {@code ./polystream replay} of the file prices both tokens.
 */
class RecordCommandITCase {

    private static final String CONDITION = "0x" + "cd".repeat(32);
    private static final String YES =
            "3333333333333333333333333333333333333333333333333333333333333333333333333";
    private static final String NO =
            "4444444444444444444444444444444444444444444444444444444444444444444444444";
    private static final long T0 = 1_790_000_000_000L;

    @Test
    void recordsTheLiveFramesIntoAFileThatReplayPrices() throws Exception {
        Path capture = Files.createTempDirectory("polystream-record").resolve("capture.txt");
        try (FakePolymarketServer polymarket = FakePolymarketServer.start()) {
            // 300 ms of exchange time per event: the replay spreads over a few seconds
            AtomicLong clock = new AtomicLong(T0);
            polymarket.setClock(() -> clock.addAndGet(300));
            polymarket.addBinaryMarket(
                    CONDITION, YES, NO, levels("0.40", "100", "0.48", "30"), levels("0.52", "10"));
            LauncherScript.Running record =
                    LauncherScript.start(
                            "record",
                            "--ws-url",
                            polymarket.wsUrl().toString(),
                            "--watch",
                            YES + "," + NO,
                            capture.toString());
            try {
                polymarket.awaitSubscribed(NO, Duration.ofSeconds(120));
                await().atMost(Duration.ofSeconds(30)).until(() -> lines(capture).size() >= 1);

                polymarket.priceChange(YES, Side.BUY, "0.50", "10");
                polymarket.trade(YES, "0.51", "5", Side.BUY);
                // a pretty-printed frame: its line breaks must not split it
                polymarket.sendRaw(
                        "{\n  \"event_type\": \"last_trade_price\",\n  \"asset_id\": \""
                                + NO
                                + "\",\r\n  \"market\": \""
                                + CONDITION
                                + "\",\n  \"price\": \"0.49\", \"size\": \"2\", \"side\": \"SELL\","
                                + "\n  \"timestamp\": \""
                                + clock.addAndGet(300)
                                + "\"\n}");
                polymarket.priceChange(YES, Side.SELL, "0.52", "0");
                // snapshot, price change + 2 best_bid_ask, trade + 2 books, raw, price change
                await().atMost(Duration.ofSeconds(30)).until(() -> lines(capture).size() >= 9);

                record.process().destroy(); // SIGTERM
                assertThat(record.process().waitFor(30, TimeUnit.SECONDS))
                        .as("stopped within 30 s:\n%s", record.output())
                        .isTrue();
                assertThat(record.output()).contains("Recorded").contains(capture.toString());
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> polymarket.connectionCount() == 0);
            } finally {
                record.process().destroyForcibly();
            }
        }
        List<String> lines = lines(capture);
        assertThat(lines.get(0)).startsWith("[{").contains("\"event_type\":\"book\"");
        assertThat(lines)
                .filteredOn(l -> l.contains("\"price\": \"0.49\""))
                .singleElement()
                .satisfies(l -> assertThat(l).startsWith("{").endsWith("}"));
        assertThat(lines).noneMatch(String::isBlank);

        try (LocalPostgres pg = LocalPostgres.startTemporary()) {
            LauncherScript.Result replay =
                    LauncherScript.run(
                            180, "replay", "--jdbc-url", pg.jdbcUrl(), capture.toString());
            assertThat(replay.exitCode()).as(replay.output()).isZero();
            Sql sql = new Sql(pg.jdbcUrl(), pg.user());
            // YES ends at 0.50 / no ask (its only ask went): the last trade, 0.51.
            // NO mirrors it, no bid / 0.50: its own last trade, 0.49.
            assertThat(
                            sql.rows(
                                    "SELECT token_id, price, best_bid, best_ask, source FROM"
                                            + " token_prices ORDER BY token_id"))
                    .extracting(
                            r -> r.get("token_id"),
                            r -> plain(r.get("price")),
                            r -> plain(r.get("best_bid")),
                            r -> plain(r.get("best_ask")),
                            r -> r.get("source"))
                    .containsExactly(
                            tuple(YES, "0.51", "0.5", null, "replay"),
                            tuple(NO, "0.49", null, "0.5", "replay"));
        }
    }

    private static List<String> lines(Path file) throws Exception {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    private static String plain(Object decimal) {
        return decimal == null ? null : ((BigDecimal) decimal).stripTrailingZeros().toPlainString();
    }
}
