package dev.polystream.job.backfill;

import static dev.polystream.ws.testing.FakePolymarketServer.levels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.polystream.job.testutils.LiveJobHarness;
import dev.polystream.ws.protocol.Side;
import dev.polystream.ws.testing.FakePolymarketServer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The back-fill in the live job (MiniCluster, PostgreSQL, Kafka, the fake exchange; the history
 * from a second fake CLOB): streamed tokens get their history once; an outage of the history
 * endpoint spanning a restore heals; a restore does not load them again.
 */
class HistoryBackfillITCase {

    private static final String COND = "0x" + "7".repeat(64);
    private static final String YES = "7101";
    private static final String NO = "7102";

    private FakePolymarketServer clob;
    private LiveJobHarness h;

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
        if (clob != null) {
            clob.close();
        }
    }

    private long okRequests(String token) {
        return clob.restRequests().stream()
                .filter(r -> r.path().equals("/prices-history"))
                .filter(r -> r.query().startsWith("market=" + token + "&"))
                .filter(r -> r.status() == 200)
                .count();
    }

    private long backfills() {
        return h.sql.<Long>value("SELECT count(*) FROM backfills");
    }

    @Test
    void shouldLoadStreamedTokensOnceThroughAnOutageAndRestores() throws Exception {
        clob = FakePolymarketServer.start();
        clob.addBinaryMarket(COND, YES, NO, levels("0.38", "10"), levels("0.42", "10"));
        clob.restAvailable(false);
        h =
                LiveJobHarness.start(
                        1,
                        Map.of(
                                "backfill.enabled", "true",
                                "backfill.window", "1 d",
                                "backfill.fidelity", "60",
                                "backfill.retry-backoff-max", "1 s",
                                "rest.url", clob.restUrl().toString()));
        h.polymarket.addBinaryMarket(COND, YES, NO, levels("0.38", "10"), levels("0.42", "10"));
        h.intent(YES, 1, 0);
        h.intent(NO, 0, 1);

        // The history endpoint is down while the tokens start streaming, and across a restore.
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () ->
                                clob.restRequests().stream()
                                                .filter(r -> r.status() == 503)
                                                .map(r -> r.query().split("&")[0])
                                                .distinct()
                                                .count()
                                        == 2);
        h.awaitNextCheckpoint();
        h.replaceTaskManager();
        h.awaitRestored();
        assertThat(backfills()).isZero();
        clob.restAvailable(true);
        await().atMost(Duration.ofSeconds(60)).until(() -> backfills() == 2);
        assertThat(okRequests(YES)).isEqualTo(1);
        assertThat(okRequests(NO)).isEqualTo(1);
        List<Map<String, Object>> history =
                h.sql.rows("SELECT token_id, ts, price FROM price_history ORDER BY token_id, ts");
        assertThat(history).hasSizeGreaterThanOrEqualTo(2 * 24);
        assertThat(history)
                .filteredOn(r -> r.get("token_id").equals(YES))
                .allSatisfy(
                        r -> assertThat((BigDecimal) r.get("price")).isEqualByComparingTo("0.40"));

        // Restored again, with ticks flowing: nothing is loaded a second time.
        h.awaitNextCheckpoint();
        h.replaceTaskManager();
        h.awaitRestored();
        h.polymarket.priceChange(YES, Side.BUY, "0.40", "10");
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> {
                            BigDecimal price =
                                    h.sql.value(
                                            "SELECT price FROM token_prices WHERE token_id = ?",
                                            YES);
                            return price != null && price.compareTo(new BigDecimal("0.41")) == 0;
                        });
        assertThat(okRequests(YES)).isEqualTo(1);
        assertThat(okRequests(NO)).isEqualTo(1);
        assertThat(
                        h.sql.rows(
                                "SELECT token_id, ts, price FROM price_history ORDER BY token_id, ts"))
                .isEqualTo(history);
    }
}
