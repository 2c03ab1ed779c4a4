package dev.polystream.gateway.bot;

import static dev.polystream.gateway.testutils.SharedInfrastructure.asSuperuser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.polystream.gateway.testutils.FakeBotApi;
import dev.polystream.gateway.testutils.FakeBotApi.Message;
import dev.polystream.gateway.testutils.GatewayTables;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Registration, the Gamma sync, and paper trades through the bot: quote, confirm, average,
 * refusals, sells.
 */
class TelegramBotTradingITCase extends TelegramBotTestBase {

    @Test
    void shouldRegisterOnStartAndBuildHelpAndMenuFromTheRegistry() {
        long alice = user();
        say(alice, "/start", "Welcome");
        assertThat(scalar("SELECT count(*) FROM users WHERE id = " + alice)).isEqualTo(1);

        Message help = say(alice, "/help", "What I can do");
        for (String c :
                List.of(
                        "start",
                        "help",
                        "markets",
                        "buy",
                        "sell",
                        "positions",
                        "watch",
                        "unwatch",
                        "alert",
                        "alerts",
                        "chart")) {
            assertThat(help.text()).contains("/" + c);
        }
        await().atMost(WAIT)
                .untilAsserted(
                        () ->
                                assertThat(telegram.commands())
                                        .contains("buy", "positions", "chart"));
        assertThat(telegram.requests("deletewebhook"))
                .extracting(FakeBotApi.Request::status)
                .containsExactly(502, 502, 200);
    }

    @Test
    void shouldSyncEveryKeysetPageAndKeepThePriceColumnsOfTheJob() {
        assertThat(scalar("SELECT count(*) FROM markets WHERE slug LIKE 'filler-%'"))
                .isEqualTo(150);
        assertThat(gamma.requests()).anyMatch(r -> r.contains("after_cursor="));
        asSuperuser(
                "UPDATE markets SET outcome_prices = '{0.61,0.39}', source = 'ws' WHERE id = '90007'");
        gamma.setField("90007", "question", "Filler market renamed");
        bot.marketSync().runOnce();
        assertThat(decimal("SELECT outcome_prices[1] FROM markets WHERE id = '90007'"))
                .isEqualByComparingTo("0.61");
        GatewayTables.query(
                "SELECT question, source FROM markets WHERE id = '90007'",
                rs -> {
                    assertThat(rs.getString(1)).isEqualTo("Filler market renamed");
                    assertThat(rs.getString(2)).isEqualTo("ws");
                });
    }

    @Test
    void shouldQuoteConfirmAndAverageASecondBuyIntoOnePosition() {
        long trader = user();
        String m = market("10001", "Will the buy flow work?");
        price(yes(m), "0.45", "0.50", "0.475", 0);

        Message quote = say(trader, "/buy " + m + " Yes 50", "Confirm your buy");
        assertThat(quote.text()).contains("Shares: 100").contains("50¢").contains("$50.00");
        assertThat(scalar("SELECT count(*) FROM positions WHERE user_id = " + trader)).isZero();
        telegram.press(trader, quote, "Confirm");
        telegram.awaitText(trader, "Bought", WAIT);

        GatewayTables.query(
                "SELECT amount, entry_price, status, token_id FROM positions WHERE user_id = "
                        + trader,
                rs -> {
                    assertThat(rs.getBigDecimal(1)).isEqualByComparingTo("100");
                    assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("0.50");
                    assertThat(rs.getString(3)).isEqualTo("active");
                    assertThat(rs.getString(4)).isEqualTo(yes(m));
                });
        assertThat(GatewayTables.interest(yes(m))).containsExactly(1, 0);

        // A second buy at a higher ask averages into the same position.
        price(yes(m), "0.55", "0.60", "0.575", 0);
        buy(trader, m, "yes", "30");
        GatewayTables.query(
                "SELECT count(*), sum(amount), max(entry_price) FROM positions WHERE status = 'active' AND user_id = "
                        + trader,
                rs -> {
                    assertThat(rs.getLong(1)).isEqualTo(1);
                    assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("150");
                    assertThat(rs.getBigDecimal(3).doubleValue())
                            .isCloseTo(80.0 / 150, org.assertj.core.data.Offset.offset(1e-9));
                });
        assertThat(scalar("SELECT count(*) FROM orders WHERE user_id = " + trader)).isEqualTo(2);
        assertThat(GatewayTables.interest(yes(m))).containsExactly(1, 0);
        // Confirming the used quote again changes nothing.
        telegram.press(trader, quote, "Confirm");
        await().atMost(WAIT)
                .until(
                        () ->
                                telegram.callbackAnswers().stream()
                                        .anyMatch(a -> a.contains("expired or was already used")));
        assertThat(scalar("SELECT count(*) FROM orders WHERE user_id = " + trader)).isEqualTo(2);
    }

    @Test
    void shouldRefuseBuysWhenClosedStaleOrWithoutAsks() {
        long trader = user();
        String stale = market("10011", "Stale market?");
        price(yes(stale), "0.45", "0.50", "0.475", 120);
        say(trader, "/buy " + stale + " Yes 10", "stale");

        String empty = market("10012", "Empty book?");
        price(yes(empty), "0.45", "NULL", "0.45", 0);
        say(trader, "/buy " + empty + " Yes 10", "has no asks");

        String closed = market("10013", "Closed market?");
        price(yes(closed), "0.45", "0.50", "0.475", 0);
        asSuperuser("UPDATE markets SET closed = true WHERE id = '" + closed + "'");
        say(trader, "/buy " + closed + " Yes 10", "closed for trading");

        String unpriced = market("10014", "Never priced?");
        say(trader, "/buy " + unpriced + " Yes 10", "No live price");

        assertThat(scalar("SELECT count(*) FROM positions WHERE user_id = " + trader)).isZero();
        assertThat(scalar("SELECT count(*) FROM orders WHERE user_id = " + trader)).isZero();
        // The watches a quote started to get a price are gone again.
        assertThat(scalar("SELECT count(*) FROM watches WHERE user_id = " + trader)).isZero();
    }

    @Test
    void shouldSellPartThenAllAtTheBestBidWithRealizedPnl() {
        long trader = user();
        String m = market("10021", "Will the sell flow work?");
        price(yes(m), "0.39", "0.40", "0.395", 0);
        long id = buy(trader, m, "Yes", "40"); // 100 shares at 0.40

        price(yes(m), "0.50", "0.52", "0.51", 0);
        say(trader, "/sell " + id + " 25%", "Sold");
        GatewayTables.query(
                "SELECT amount, realized_pnl, status FROM positions WHERE id = " + id,
                rs -> {
                    assertThat(rs.getBigDecimal(1)).isEqualByComparingTo("75");
                    assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("2.5");
                    assertThat(rs.getString(3)).isEqualTo("active");
                });

        Message presets = say(trader, "/sell " + id, "Sell how much");
        assertThat(presets.buttonData())
                .containsExactly("s:" + id + ":25", "s:" + id + ":50", "s:" + id + ":100");
        telegram.press(trader, presets, "100%");
        telegram.awaitText(trader, "is closed", WAIT);
        GatewayTables.query(
                "SELECT status, exit_price, realized_pnl FROM positions WHERE id = " + id,
                rs -> {
                    assertThat(rs.getString(1)).isEqualTo("closed");
                    assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("0.50");
                    assertThat(rs.getBigDecimal(3)).isEqualByComparingTo("10"); // 2.5 + 75 × 0.10
                });
        assertThat(GatewayTables.interest(yes(m))).containsExactly(0, 0);
        say(trader, "/sell " + id + " 100", "already closed");
    }
}
