package dev.polystream.gateway.bot;

import static dev.polystream.gateway.testutils.SharedInfrastructure.asSuperuser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.polystream.gateway.testutils.FakeBotApi.Message;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the bot delivers on its own: the live card, alerts, and both through 429 storms and Telegram
 * outages.
 */
class TelegramBotDeliveryITCase extends TelegramBotTestBase {

    @Test
    void shouldEditTheLiveCardAsPricesMoveAndStopAfterTheAutoRefreshWindow() {
        long trader = user();
        String m = market("10031", "Will the card update itself?");
        price(yes(m), "0.39", "0.40", "0.395", 0);
        long id = buy(trader, m, "Yes", "40");

        Message card = say(trader, "/positions", "Your positions");
        assertThat(card.text()).contains("#" + id).contains("-$0.50");

        price(yes(m), "0.49", "0.51", "0.50", 0);
        Message edited =
                telegram.awaitMessage(
                        trader,
                        x -> x.messageId() == card.messageId() && x.text().contains("+$10.00"),
                        WAIT);
        assertThat(edited.text()).contains("+25.0%").contains("🟢");

        // The price goes stale: the card says so.
        price(yes(m), "0.49", "0.51", "0.50", 45);
        telegram.awaitMessage(
                trader, x -> x.messageId() == card.messageId() && x.text().contains("stale"), WAIT);

        // 15 minutes without a tap: refreshing stops and the card says so.
        asSuperuser(
                "UPDATE live_cards SET last_tap_at = now() - interval '16 minutes' WHERE chat_id = "
                        + trader);
        Message paused =
                telegram.awaitMessage(
                        trader,
                        x ->
                                x.messageId() == card.messageId()
                                        && x.text().contains("Auto-refresh stopped"),
                        WAIT);
        assertThat(paused.buttonData()).contains("rf");
        int editsWhenPaused = paused.edits();
        price(yes(m), "0.59", "0.61", "0.60", 0);
        await().pollDelay(Duration.ofSeconds(4)).atMost(WAIT).until(() -> true);
        assertThat(telegram.message(trader, card.messageId()).orElseThrow().edits())
                .isEqualTo(editsWhenPaused);

        telegram.press(trader, paused, "Refresh");
        telegram.awaitMessage(
                trader,
                x -> x.messageId() == card.messageId() && x.text().contains("+$20.00"),
                WAIT);
        assertEditBudget(trader, Duration.ofSeconds(3));
    }

    @Test
    void shouldFireAPriceAlertOnceAndListAndDeleteAlerts() {
        long trader = user();
        String m = market("10041", "Will the alert fire?");
        price(yes(m), "0.49", "0.51", "0.50", 0);
        Message set = say(trader, "/alert " + m + " above 0.6", "Alert #");
        long alertId = Long.parseLong(set.text().replaceAll("(?s).*Alert #(\\d+).*", "$1"));

        price(yes(m), "0.64", "0.66", "0.65", 0);
        telegram.awaitText(trader, "Alert #" + alertId + "</b>", WAIT);
        price(yes(m), "0.69", "0.71", "0.70", 0);
        await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).until(() -> true);
        assertThat(
                        telegram.messages(trader).stream()
                                .filter(x -> x.text().contains("Alert #" + alertId + "</b>")))
                .hasSize(1);
        assertThat(
                        scalar(
                                "SELECT count(*) FROM alerts WHERE notified_at IS NOT NULL AND id = "
                                        + alertId))
                .isEqualTo(1);

        Message listed = say(trader, "/alerts", "Your alerts");
        assertThat(listed.text()).contains("#" + alertId).contains("fired");
        telegram.press(trader, listed, "#" + alertId);
        await().atMost(WAIT)
                .until(() -> scalar("SELECT count(*) FROM alerts WHERE id = " + alertId) == 0);
    }

    @Test
    void shouldNotLoseAlertsNorExceedTheEditBudgetUnderA429Storm() {
        List<Long> traders = new ArrayList<>();
        List<String> markets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long trader = user();
            String m = market("1005" + i, "Storm market " + i + "?");
            price(yes(m), "0.39", "0.40", "0.395", 0);
            buy(trader, m, "Yes", "40");
            say(trader, "/positions", "Your positions");
            say(trader, "/alert " + m + " above 0.55", "Alert #");
            say(trader, "/alert " + m + " above 0.75", "Alert #");
            traders.add(trader);
            markets.add(m);
        }
        telegram.storm("*", 0.6, 1);
        try {
            String[] steps = {"0.45", "0.50", "0.56", "0.60", "0.66", "0.70", "0.76", "0.80"};
            for (String p : steps) {
                for (String m : markets) {
                    BigDecimal mid = new BigDecimal(p);
                    price(
                            yes(m),
                            mid.subtract(new BigDecimal("0.01")).toPlainString(),
                            mid.add(new BigDecimal("0.01")).toPlainString(),
                            p,
                            0);
                }
                await().pollDelay(Duration.ofMillis(700)).atMost(WAIT).until(() -> true);
            }
        } finally {
            telegram.calm();
        }
        for (long trader : traders) {
            await().atMost(Duration.ofSeconds(40))
                    .until(
                            () ->
                                    telegram.messages(trader).stream()
                                                    .filter(
                                                            x ->
                                                                    x.text()
                                                                            .startsWith(
                                                                                    "🔔 <b>Alert #"))
                                                    .count()
                                            == 2);
        }
        await().atMost(Duration.ofSeconds(40))
                .until(
                        () ->
                                scalar(
                                                "SELECT count(*) FROM alerts WHERE notified_at IS NULL AND user_id IN ("
                                                        + traders.get(0)
                                                        + ","
                                                        + traders.get(1)
                                                        + ","
                                                        + traders.get(2)
                                                        + ")")
                                        == 0);
        for (long trader : traders) {
            assertThat(
                            telegram.messages(trader).stream()
                                    .filter(x -> x.text().startsWith("🔔 <b>Alert #")))
                    .as("each alert delivered exactly once")
                    .hasSize(2);
            assertEditBudget(trader, Duration.ofSeconds(3));
        }
        assertThat(telegram.requests().stream().filter(r -> r.status() == 429)).isNotEmpty();
        assertWaitedRetryAfter(Duration.ofSeconds(1));
    }

    @Test
    void shouldRetryThroughATelegramOutage() {
        long trader = user();
        telegram.failNext("sendMessage", 3, 502, 0);
        telegram.sendText(trader, "/help");
        telegram.awaitText(trader, "What I can do", WAIT);
        assertThat(telegram.requests("sendmessage").stream().filter(r -> r.status() == 502))
                .hasSize(3);
    }
}
