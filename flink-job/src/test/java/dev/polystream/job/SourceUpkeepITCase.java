package dev.polystream.job;

import static dev.polystream.ws.testing.FakePolymarketServer.levels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.polystream.job.testutils.LiveJobHarness;
import dev.polystream.ws.testing.FakeGammaServer;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The source's chores on the live job: healthy sockets vouch for quiet books (confirmed_at moves
 * on, new positions get priced without a trade), and markets settle, whether the feed says so
 * (market_resolved) or only Gamma does (closed, final prices).
 */
class SourceUpkeepITCase {

    private static final String COND = "0x" + "7".repeat(64);
    private static final String YES =
            "7000000000000000000000000000000000000000000000000000000000000000000000000001";
    private static final String NO =
            "7000000000000000000000000000000000000000000000000000000000000000000000000002";
    private static final String OTHER =
            "7100000000000000000000000000000000000000000000000000000000000000000000000001";

    private FakeGammaServer gamma;
    private LiveJobHarness h;

    @BeforeEach
    void start() throws Exception {
        gamma = FakeGammaServer.start();
        gamma.addMarket(
                FakeGammaServer.market(
                        "m7",
                        "Will it settle?",
                        "will-it-settle",
                        COND,
                        List.of("Yes", "No"),
                        List.of(YES, NO),
                        List.of("0.4", "0.6")));
        h =
                LiveJobHarness.start(
                        1,
                        Map.of(
                                "ws.confirm-interval", "1 s",
                                "gamma.url", gamma.baseUrl().toString(),
                                "gamma.check-interval", "1 s"));
        h.polymarket.addBinaryMarket(COND, YES, NO, levels("0.38", "10"), levels("0.42", "10"));
        h.polymarket.addBinaryMarket(
                "0x" + "8".repeat(64),
                OTHER,
                OTHER + "9",
                levels("0.10", "5"),
                levels("0.12", "5"));
        h.sql.execute(
                "INSERT INTO markets(id, condition_id, outcomes, token_ids) VALUES ('m7', '"
                        + COND
                        + "', '{Yes,No}', '{"
                        + YES
                        + ","
                        + NO
                        + "}')");
    }

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
        if (gamma != null) {
            gamma.close();
        }
    }

    @Test
    void shouldKeepAQuietTokenConfirmedAndPriceANewPositionWithoutATrade() {
        h.intent(YES, 0, 1);
        h.polymarket.awaitSubscribed(YES, Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                h.sql.value(
                                                "SELECT price FROM token_prices WHERE token_id = ?",
                                                YES)
                                        != null);
        Instant exchangeTs =
                h.sql.value("SELECT exchange_ts FROM token_prices WHERE token_id = ?", YES);

        // Nothing happens at the exchange, yet the price is confirmed as current again and again.
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () ->
                                assertThat(
                                                (Instant)
                                                        h.sql.value(
                                                                "SELECT confirmed_at FROM token_prices WHERE token_id = ?",
                                                                YES))
                                        .isAfter(exchangeTs.plusSeconds(2)));
        assertThat(
                        (Instant)
                                h.sql.value(
                                        "SELECT exchange_ts FROM token_prices WHERE token_id = ?",
                                        YES))
                .isEqualTo(exchangeTs);

        // A position opened now is priced by the next confirmation.
        h.sql.execute(
                "INSERT INTO positions(id, user_id, market_id, token_id, outcome, amount, entry_price)"
                        + " VALUES (1, 5, 'm7', '"
                        + YES
                        + "', 'Yes', 10, 0.30)");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () ->
                                assertThat(
                                                (BigDecimal)
                                                        h.sql.value(
                                                                "SELECT pnl_amount FROM positions WHERE id = 1"))
                                        .isEqualByComparingTo("1"));
        // Confirmations are not activity: the history has only the snapshot's second.
        assertThat(
                        ((Number)
                                        h.sql.value(
                                                "SELECT count(*) FROM price_bars_1s WHERE token_id = ?",
                                                YES))
                                .intValue())
                .isEqualTo(1);
    }

    @Test
    void shouldSettleAMarketThatOnlyGammaReportsClosed() {
        positionsOnBothOutcomes();
        gamma.setField("m7", "closed", true);
        gamma.setField("m7", "outcomePrices", "[\"1\", \"0\"]");

        awaitSettled("1", "0");
        assertThat((String) h.sql.value("SELECT winning_token_id FROM markets WHERE id = 'm7'"))
                .isEqualTo(YES);
        assertThat((String) h.sql.value("SELECT source FROM token_prices WHERE token_id = ?", YES))
                .isEqualTo("gamma");
        h.polymarket.awaitUnsubscribed(YES, Duration.ofSeconds(30));
        h.polymarket.awaitUnsubscribed(NO, Duration.ofSeconds(30));

        // The gateway still counts the positions, but a settled token is not streamed again.
        h.intent(YES, 1, 0);
        h.intent(OTHER, 1, 0);
        h.polymarket.awaitSubscribed(OTHER, Duration.ofSeconds(30));
        assertThat(h.polymarket.subscribedTokens()).doesNotContain(YES, NO);
    }

    @Test
    void shouldSettleAMarketTheFeedResolves() {
        positionsOnBothOutcomes();
        h.polymarket.resolveMarket(COND, NO);

        awaitSettled("0", "1");
        assertThat((String) h.sql.value("SELECT winning_token_id FROM markets WHERE id = 'm7'"))
                .isEqualTo(NO);
        h.polymarket.awaitUnsubscribed(YES, Duration.ofSeconds(30));
    }

    private void positionsOnBothOutcomes() {
        h.sql.execute(
                "INSERT INTO positions(id, user_id, market_id, token_id, outcome, amount, entry_price)"
                        + " VALUES (1, 5, 'm7', '"
                        + YES
                        + "', 'Yes', 10, 0.40),"
                        + " (2, 6, 'm7', '"
                        + NO
                        + "', 'No', 20, 0.50)");
        h.intent(YES, 1, 0);
        h.intent(NO, 1, 0);
        h.polymarket.awaitSubscribed(YES, Duration.ofSeconds(60));
        h.polymarket.awaitSubscribed(NO, Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                ((Number)
                                                        h.sql.value(
                                                                "SELECT count(*) FROM positions WHERE current_price IS NOT NULL"))
                                                .intValue()
                                        == 2);
    }

    private void awaitSettled(String yesPrice, String noPrice) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () ->
                                assertThat(
                                                h.sql.rows(
                                                        "SELECT id, status, current_price FROM positions ORDER BY id"))
                                        .extracting(
                                                r -> r.get("status"),
                                                r ->
                                                        ((BigDecimal) r.get("current_price"))
                                                                .stripTrailingZeros()
                                                                .toPlainString())
                                        .containsExactly(
                                                org.assertj.core.groups.Tuple.tuple(
                                                        "resolved", yesPrice),
                                                org.assertj.core.groups.Tuple.tuple(
                                                        "resolved", noPrice)));
    }
}
