package dev.polystream.gateway.bot;

import static dev.polystream.gateway.testutils.SharedInfrastructure.asSuperuser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.polystream.gateway.testutils.FakeBotApi.Message;
import dev.polystream.gateway.testutils.GatewayTables;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What traders type and tap: hostile input refused, the command rate limit, market cards from links
 * and searches, charts.
 */
class TelegramBotInputITCase extends TelegramBotTestBase {

    @Test
    void shouldRefuseMalformedAndHostileInputAndChangeNothing() {
        long owner = user();
        long mallory = user();
        String m = market("10061", "Whose position is it?");
        price(yes(m), "0.39", "0.40", "0.395", 0);
        long id = buy(owner, m, "Yes", "40");
        Message ownersAlert = say(owner, "/alert " + id + " pnl +50%", "Alert #");
        long alertId = Long.parseLong(ownersAlert.text().replaceAll("(?s).*Alert #(\\d+).*", "$1"));
        say(mallory, "/start", "Welcome");
        String before = snapshot();

        String[][] cases = {
            {"/buy", "Usage: /buy"},
            {"/buy " + m + " Yes", "Usage: /buy"},
            {"/buy " + m + " Maybe 10", "not an outcome"},
            {"/buy " + m + " Yes ten", "must be a number"},
            {"/buy " + m + " Yes -5", "must be a number"},
            {"/buy " + m + " Yes 0.5", "between $1"},
            {"/buy " + m + " Yes 1000000000", "between $1"},
            {"/buy " + m + " Yes 10.001", "2 decimal"},
            {"/buy <script>alert(1)</script> Yes 10", "not a market id"},
            {"/buy 99999999 Yes 10", "No market found"},
            {"/sell " + id + " 100", "You have no position #" + id},
            {"/sell " + id, "You have no position #" + id},
            {"/sell abc", "must be a number"},
            {"/sell " + id + " 150", "at most 100"},
            {"/sell " + id + " 0", "more than 0"},
            {"/alert " + id + " pnl +10%", "You have no position #" + id},
            {"/alert " + id + " sideways 0.5", "Say above, below or pnl"},
            {"/alert " + m + " above 2", "between 0 and 1"},
            {"/alert " + m + " above 0.5 Maybe", "outcomes are"},
            {"/chart " + id + " 1w", "1h or 1d"},
            {"/watch", "Usage: /watch"},
            {"/unwatch ../../etc/passwd", "not a market id"},
            {"/markets", "Usage: /markets"},
            {"/chart", "Usage: /chart"},
            {"/nosuchcommand", "Unknown command"},
            {"/positions@other_bot extra", "Your positions"},
            {"x".repeat(1500), "too long"},
        };
        for (String[] c : cases) {
            Message reply = say(mallory, c[0], c[1]);
            assertThat(reply.parseMode()).isEqualToIgnoringCase("HTML");
            assertThat(reply.text()).doesNotContain("<script>");
        }
        // Forged or stale buttons (from another user: the rate limit counts taps too).
        long eve = user();
        say(eve, "/start", "Welcome");
        long anyMessage = telegram.messages(eve).get(0).messageId();
        String[] forged = {
            "ok:0123456789abcdef01",
            "no:0123456789abcdef01",
            "s:" + id + ":100",
            "ad:" + alertId,
            "pg:3",
            "rf",
            "xx:1",
            "b:" + m + ":7",
            "q:" + m + ":0:999",
            "s:" + id + ":33",
            "z".repeat(70),
        };
        for (String data : forged) {
            int answers = telegram.callbackAnswers().size();
            telegram.press(eve, eve, anyMessage, data);
            await().atMost(WAIT).until(() -> telegram.callbackAnswers().size() > answers);
        }
        assertThat(telegram.callbackAnswers())
                .contains("This button is no longer valid.")
                .anyMatch(a -> a.contains("You have no position #" + id))
                .anyMatch(a -> a.contains("You have no alert #" + alertId))
                .anyMatch(a -> a.contains("expired or was already used"))
                .anyMatch(a -> a.contains("out of date"));
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void shouldLimitEachUsersCommandRate() {
        long flooder = user();
        for (int i = 0; i < 40; i++) {
            telegram.sendText(flooder, "/help");
        }
        telegram.awaitText(flooder, "Slow down", WAIT);
        await().atMost(WAIT).until(telegram::updatesConsumed);
        await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).until(() -> true);
        assertThat(
                        telegram.messages(flooder).stream()
                                .filter(x -> x.text().contains("What I can do")))
                .hasSize(30);
        assertThat(telegram.messages(flooder).stream().filter(x -> x.text().contains("Slow down")))
                .hasSize(1);
    }

    @Test
    void shouldOpenMarketCardsFromLinksAndSearchAndWatchFromTheCard() {
        long trader = user();
        String m = market("10071", "Will links open cards?");
        addMarket("10072", "Second market of the event?", "slug-10072");
        gamma.addEvent("e1", "linked-event", "Linked event", "10071", "10072");
        price(yes(m), "0.30", "0.32", "0.31", 0);

        Message card =
                say(
                        trader,
                        "look https://polymarket.com/event/linked-event/slug-10071 please",
                        "Will links open cards?");
        assertThat(card.text()).contains("31¢").contains("catalogue price");
        assertThat(card.buttonData()).contains("b:10071:0", "b:10071:1", "w:10071", "c:10071");

        Message list =
                say(
                        trader,
                        "https://polymarket.com/event/linked-event",
                        "This event has 2 markets");
        assertThat(list.buttonData()).containsExactly("m:10071", "m:10072");

        Message search = say(trader, "/markets links open", "Will links open cards?");
        telegram.press(trader, search, "Watch");
        telegram.awaitText(trader, "Watching", WAIT);
        assertThat(scalar("SELECT count(*) FROM watches WHERE user_id = " + trader)).isEqualTo(2);
        say(trader, "/unwatch slug-10071", "Stopped watching");
        assertThat(scalar("SELECT count(*) FROM watches WHERE user_id = " + trader)).isZero();
        say(trader, "/watch " + yes(m), "Watching");
        assertThat(GatewayTables.interest(yes(m))).containsExactly(0, 1);
    }

    @Test
    void shouldSendAChartWithTheEntryMarked() {
        long trader = user();
        String m = market("10081", "Will it chart?");
        price(yes(m), "0.39", "0.40", "0.395", 0);
        long id = buy(trader, m, "Yes", "40");
        asSuperuser(
                "INSERT INTO price_bars_1s (token_id, bucket, open, high, low, close)"
                        + " SELECT '"
                        + yes(m)
                        + "', date_trunc('second', now()) - s * interval '1 second',"
                        + " 0.4, 0.41, 0.39, 0.4 + (s % 7) / 100.0 FROM generate_series(1, 600) s");
        telegram.sendText(trader, "/chart " + id);
        Message photo = telegram.awaitMessage(trader, x -> x.photo() != null, WAIT);
        assertThat(photo.photo()).startsWith(0x89, 'P', 'N', 'G');
        assertThat(photo.text()).contains("entry 40¢");
        say(trader, "/chart " + m + " 1d", "");
    }
}
