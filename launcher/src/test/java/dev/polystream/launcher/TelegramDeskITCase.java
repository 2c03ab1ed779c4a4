package dev.polystream.launcher;

import static dev.polystream.ws.testing.FakePolymarketServer.levels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.polystream.gateway.testutils.FakeBotApi;
import dev.polystream.gateway.testutils.FakeBotApi.Message;
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
 * The trader's desk end to end, real on every hop: a fake Telegram Bot API on a socket, the
 * gateway's bot with its catalogue synced from a fake Gamma, PostgreSQL, the in-process Kafka
 * broker, the job in a local MiniCluster, and the fake Polymarket exchange. /start, /buy with
 * Confirm (the position's token gets subscribed at the exchange), a live card edited as the book
 * moves, an alert that fires once, and /sell 100 closing the position and unsubscribing the token.
 */
class TelegramDeskITCase {

    private static final String TOKEN = "424242:e2e-token";
    private static final long TRADER = 31337L;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String CONDITION =
            "0x7bd56627aa21311850825edb27e53434a0e17a4f782be0086bc07f71eee00d0e";
    private static final String YES =
            "45097776985291732938703789329476309347184434628144948443908557621261304813";
    private static final String NO =
            "81321045679252212594626385532706912750332728571942532289631379312455583992564";

    private FakePolymarketServer polymarket;
    private FakeGammaServer gamma;
    private FakeBotApi telegram;
    private LocalStack stack;
    private Sql sql;

    @BeforeEach
    void start() throws Exception {
        polymarket = FakePolymarketServer.start();
        // YES book: best bid 0.45, best ask 0.50 (the NO book mirrors it).
        polymarket.addBinaryMarket(
                CONDITION,
                YES,
                NO,
                levels("0.40", "100", "0.45", "200"),
                levels("0.55", "150", "0.50", "100"));
        gamma = FakeGammaServer.start();
        gamma.addMarket(
                FakeGammaServer.market(
                        "512",
                        "Will the desk work?",
                        "will-the-desk-work",
                        CONDITION,
                        List.of("Yes", "No"),
                        List.of(YES, NO),
                        List.of("0.475", "0.525")));
        telegram = FakeBotApi.start(TOKEN);

        Configuration conf = new Configuration();
        conf.setString("ws.url", polymarket.wsUrl().toString());
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(2));
        conf.setString("telegram.api-url", telegram.baseUrl().toString());
        conf.setString("telegram.poll-timeout", "1s");
        conf.setString("gamma.url", gamma.baseUrl().toString());
        conf.setString("card.refresh-interval", "300ms");
        conf.setString("alert.check-interval", "300ms");
        conf.setString("trade.price-wait", "45s");
        stack = LocalStack.start(conf, null, TOKEN);
        sql = new Sql(stack.jdbcUrl(), "postgres");
    }

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
        if (telegram != null) {
            telegram.close();
        }
        if (gamma != null) {
            gamma.close();
        }
        if (polymarket != null) {
            polymarket.close();
        }
    }

    @Test
    void traderBuysWatchesTheLiveCardGetsAnAlertAndSells() {
        await().atMost(WAIT)
                .until(
                        () ->
                                sql.<Long>value("SELECT count(*) FROM markets WHERE id = '512'")
                                        == 1L);

        telegram.sendText(TRADER, "/start");
        telegram.awaitText(TRADER, "Welcome", WAIT);

        // The quote needs a live price: the token gets watched, subscribed and priced first.
        telegram.sendText(TRADER, "/buy will-the-desk-work Yes 50");
        Message quote = telegram.awaitText(TRADER, "Confirm your buy", WAIT);
        assertThat(quote.text()).contains("Shares: 100").contains("50¢");
        assertThat(polymarket.subscribedTokens()).contains(YES);

        telegram.press(TRADER, quote, "Confirm");
        telegram.awaitText(TRADER, "Bought", WAIT);
        long id = sql.<Long>value("SELECT id FROM positions WHERE user_id = ?", TRADER);
        assertThat(sql.<BigDecimal>value("SELECT amount FROM positions WHERE id = ?", id))
                .isEqualByComparingTo("100");
        assertThat(sql.<BigDecimal>value("SELECT entry_price FROM positions WHERE id = ?", id))
                .isEqualByComparingTo("0.50");
        assertThat(sql.<String>value("SELECT status FROM positions WHERE id = ?", id))
                .isEqualTo("active");
        polymarket.awaitSubscribed(YES, WAIT);

        telegram.sendText(TRADER, "/alert " + id + " above 0.52");
        telegram.awaitText(TRADER, "Alert #", WAIT);
        telegram.sendText(TRADER, "/positions");
        Message card = telegram.awaitText(TRADER, "Your positions", WAIT);

        // The book moves up: the ask at 0.50 goes, a bid at 0.54 arrives; midpoint 0.545.
        polymarket.priceChange(YES, Side.SELL, "0.50", "0");
        polymarket.priceChange(YES, Side.BUY, "0.54", "50");
        Message edited =
                telegram.awaitMessage(
                        TRADER,
                        m -> m.messageId() == card.messageId() && m.text().contains("+$4.50"),
                        WAIT);
        assertThat(edited.text()).contains("+9.0%");
        Message alert = telegram.awaitText(TRADER, "</b>: Position #" + id, WAIT);
        assertThat(alert.text()).contains("54.5¢");

        polymarket.priceChange(YES, Side.BUY, "0.53", "10");
        telegram.sendText(TRADER, "/sell " + id + " 100");
        Message sold = telegram.awaitText(TRADER, "Sold", WAIT);
        assertThat(sold.text()).contains("+$4.00").contains("is closed");
        assertThat(sql.<String>value("SELECT status FROM positions WHERE id = ?", id))
                .isEqualTo("closed");
        assertThat(sql.<BigDecimal>value("SELECT realized_pnl FROM positions WHERE id = ?", id))
                .isEqualByComparingTo("4.00");
        polymarket.awaitUnsubscribed(YES, WAIT);

        assertThat(
                        telegram.messages(TRADER).stream()
                                .filter(
                                        m ->
                                                m.text() != null
                                                        && m.text().startsWith("🔔 <b>Alert #")))
                .as("the alert fired once")
                .hasSize(1);
    }
}
