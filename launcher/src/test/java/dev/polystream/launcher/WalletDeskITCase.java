package dev.polystream.launcher;

import static dev.polystream.ws.testing.FakePolymarketServer.levels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystream.gateway.testutils.FakeBotApi;
import dev.polystream.gateway.testutils.FakeBotApi.Message;
import dev.polystream.gateway.testutils.FakeDataApi;
import dev.polystream.job.testutils.Sql;
import dev.polystream.ws.protocol.Side;
import dev.polystream.ws.testing.FakeGammaServer;
import dev.polystream.ws.testing.FakePolymarketServer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A trader's real positions end to end, real on every hop: /link with a polymarket.com profile link
 * (resolved through the fake Gamma's public profile to the proxy wallet), the wallet's holdings
 * synced from the fake Data API into PostgreSQL, their tokens subscribed at the fake exchange
 * through the outbox, Kafka and the job on a MiniCluster, ticks moving the job's price and P&L,
 * changes at the Data API (size up, a new position, a position gone) following within the active
 * interval, and a resolved market noticed once.
 */
class WalletDeskITCase {

    private static final String TOKEN = "424242:wallet-e2e-token";
    private static final long TRADER = 40_404L;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SIGNER = "0x1111111111111111111111111111111111111111";
    private static final String PROXY = "0x2222222222222222222222222222222222222222";
    private static final String CONDITION =
            "0x5e0f6c7a1b2c3d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccd";
    private static final String YES =
            "61000000000000000000000000000000000000000000000000000000000000000000000000011";
    private static final String NO =
            "61000000000000000000000000000000000000000000000000000000000000000000000000022";

    private FakePolymarketServer polymarket;
    private FakeGammaServer gamma;
    private FakeDataApi dataApi;
    private FakeBotApi telegram;
    private LocalStack stack;
    private Sql sql;

    @BeforeEach
    void start() throws Exception {
        polymarket = FakePolymarketServer.start();
        // YES: best bid 0.45, best ask 0.50 (midpoint 0.475); the NO book mirrors it.
        polymarket.addBinaryMarket(
                CONDITION,
                YES,
                NO,
                levels("0.40", "100", "0.45", "200"),
                levels("0.55", "150", "0.50", "100"));
        gamma = FakeGammaServer.start();
        gamma.addMarket(
                FakeGammaServer.market(
                        "777",
                        "Will the wallet desk work?",
                        "will-the-wallet-desk-work",
                        CONDITION,
                        List.of("Yes", "No"),
                        List.of(YES, NO),
                        List.of("0.475", "0.525")));
        gamma.addProfile(SIGNER, PROXY, "desk-trader");
        dataApi = FakeDataApi.start();
        dataApi.setHoldings(PROXY, List.of(row(YES, "Yes", 0, "100", "40", "0.475")));
        telegram = FakeBotApi.start(TOKEN);

        Configuration conf = new Configuration();
        conf.setString("ws.url", polymarket.wsUrl().toString());
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(2));
        conf.setString("telegram.api-url", telegram.baseUrl().toString());
        conf.setString("telegram.poll-timeout", "1s");
        conf.setString("gamma.url", gamma.baseUrl().toString());
        conf.setString("card.refresh-interval", "300ms");
        conf.setString("card.min-edit-interval", "500ms");
        conf.setString("alert.check-interval", "300ms");
        conf.setString("data-api.url", dataApi.baseUrl().toString());
        conf.setString("wallet.active-interval", "2s");
        conf.setString("wallet.refresh-debounce", "0s");
        stack = LocalStack.start(conf, null, TOKEN);
        sql = new Sql(stack.jdbcUrl(), "postgres");
    }

    private static ObjectNode row(
            String token, String outcome, int index, String size, String cost, String price) {
        ObjectNode row =
                FakeDataApi.row(
                        PROXY,
                        token,
                        CONDITION,
                        size,
                        new BigDecimal(cost)
                                .divide(new BigDecimal(size), 4, java.math.RoundingMode.HALF_UP)
                                .toPlainString(),
                        cost,
                        price,
                        outcome,
                        index,
                        "Will the wallet desk work?");
        row.put("slug", "will-the-wallet-desk-work");
        return row;
    }

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
        for (AutoCloseable c : new AutoCloseable[] {telegram, dataApi, gamma, polymarket}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // closing
            }
        }
    }

    private BigDecimal decimal(String query) {
        return sql.value(query);
    }

    @Test
    void linkedWalletIsStreamedPricedFollowedAndSettled() {
        await().atMost(WAIT)
                .until(
                        () ->
                                sql.<Long>value("SELECT count(*) FROM markets WHERE id = '777'")
                                        == 1L);

        telegram.sendText(TRADER, "/link https://polymarket.com/profile/" + SIGNER);
        Message linked = telegram.awaitText(TRADER, "Linked wallet", WAIT);
        assertThat(linked.text()).contains("0x2222…2222").contains("desk-trader");

        // The holding lands as a wallet position and its token is streamed like a paper one.
        await().atMost(WAIT)
                .until(
                        () ->
                                sql.<Long>value(
                                                "SELECT count(*) FROM positions WHERE wallet = ?"
                                                        + " AND status = 'active'",
                                                PROXY)
                                        == 1L);
        assertThat(
                        sql.<String>value(
                                "SELECT source FROM positions WHERE wallet = ? AND token_id = ?",
                                PROXY,
                                YES))
                .isEqualTo("wallet");
        assertThat(
                        sql.<BigDecimal>value(
                                "SELECT cost_basis FROM positions WHERE wallet = ?", PROXY))
                .isEqualByComparingTo("40");
        polymarket.awaitSubscribed(YES, WAIT);

        Message card = null;
        telegram.sendText(TRADER, "/positions");
        card = telegram.awaitText(TRADER, "Your positions", WAIT);
        long cardId = card.messageId();

        // A tick: the job prices the position with the one P&L definition.
        polymarket.priceChange(YES, Side.SELL, "0.50", "0");
        polymarket.priceChange(YES, Side.BUY, "0.54", "50");
        // midpoint (0.54 + 0.55) / 2 = 0.545; P&L = 100 × 0.545 − 40 = 14.5.
        await().atMost(WAIT)
                .untilAsserted(
                        () ->
                                assertThat(
                                                sql.<BigDecimal>value(
                                                        "SELECT pnl_amount FROM positions WHERE"
                                                                + " wallet = ? AND token_id = ?",
                                                        PROXY,
                                                        YES))
                                        .isEqualByComparingTo("14.5"));
        assertThat(
                        sql.<BigDecimal>value(
                                "SELECT pnl_percentage FROM positions WHERE wallet = ?", PROXY))
                .isEqualByComparingTo("36.25");
        telegram.awaitMessage(
                TRADER,
                m -> m.messageId() == cardId && m.text().contains("+$14.50 (+36.3%)"),
                WAIT);

        // The trader buys more on polymarket.com and opens a NO position: the sync follows.
        dataApi.setHoldings(
                PROXY,
                List.of(
                        row(YES, "Yes", 0, "150", "65", "0.545"),
                        row(NO, "No", 1, "20", "10", "0.455")));
        telegram.awaitMessage(
                TRADER,
                m ->
                        m.messageId() == cardId
                                && m.text().contains("150 sh @")
                                && m.text().contains("20 sh @"),
                WAIT);
        polymarket.awaitSubscribed(NO, WAIT);

        // The NO position is sold: closed, and nobody else wants the token.
        dataApi.setHoldings(PROXY, List.of(row(YES, "Yes", 0, "150", "65", "0.545")));
        await().atMost(WAIT)
                .until(
                        () ->
                                "closed"
                                        .equals(
                                                sql.<String>value(
                                                        "SELECT status FROM positions WHERE wallet"
                                                                + " = ? AND token_id = ?",
                                                        PROXY,
                                                        NO)));
        polymarket.awaitUnsubscribed(NO, WAIT);

        // The market resolves YES on the feed: the job settles it, the trader hears once.
        polymarket.resolveMarket(CONDITION, YES);
        Message notice = telegram.awaitText(TRADER, "Market resolved", WAIT);
        assertThat(notice.text())
                .contains("<b>won</b>")
                .contains("payout <b>$150.00</b>")
                .contains("Redeem it on polymarket.com");
        assertThat(
                        sql.<String>value(
                                "SELECT status FROM positions WHERE wallet = ? AND token_id = ?",
                                PROXY,
                                YES))
                .isEqualTo("resolved");
        // The Data API now lists it as redeemable: still one notice, no new position.
        ObjectNode redeemable = row(YES, "Yes", 0, "150", "65", "1");
        redeemable.put("redeemable", true);
        dataApi.setHoldings(PROXY, List.of(redeemable));
        await().pollDelay(Duration.ofSeconds(5)).atMost(WAIT).until(() -> true);
        assertThat(
                        telegram.messages(TRADER).stream()
                                .filter(
                                        m ->
                                                m.text() != null
                                                        && m.text().contains("Market resolved")))
                .hasSize(1);
        assertThat(
                        sql.<Long>value(
                                "SELECT count(*) FROM positions WHERE wallet = ? AND token_id = ?",
                                PROXY,
                                YES))
                .isEqualTo(1L);
        assertThat(
                        sql.<BigDecimal>value(
                                "SELECT value FROM wallet_positions WHERE wallet = ? AND token_id"
                                        + " = ?",
                                PROXY,
                                YES))
                .isEqualByComparingTo("150");
    }
}
