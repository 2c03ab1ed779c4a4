package dev.polystream.gateway.bot;

import static dev.polystream.gateway.testutils.SharedInfrastructure.asSuperuser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystream.gateway.Gateway;
import dev.polystream.gateway.GatewayConfig;
import dev.polystream.gateway.testutils.BotConf;
import dev.polystream.gateway.testutils.DataApiRows;
import dev.polystream.gateway.testutils.FakeBotApi;
import dev.polystream.gateway.testutils.FakeBotApi.Message;
import dev.polystream.gateway.testutils.FakeDataApi;
import dev.polystream.gateway.testutils.GatewayTables;
import dev.polystream.gateway.testutils.SharedInfrastructure;
import dev.polystream.ws.testing.FakeGammaServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Linked wallets through the bot: a fake Telegram Bot API, a fake Gamma (public profiles and the
 * markets of the held tokens) and a fake Data API on real sockets, real PostgreSQL (as the gateway
 * role) and Kafka. The job is simulated by writing {@code token_prices} as the superuser. Each test
 * uses its own traders and wallets.
 */
@ExtendWith(SharedInfrastructure.class)
class WalletBotITCase {

    static final String TOKEN = "123456:WALLET-token-never-logged";
    static final Duration WAIT = Duration.ofSeconds(20);
    static final AtomicLong IDS = new AtomicLong(9_100);

    /** The real capture's wallet and its two positions (see DataApiRows.OPEN_FIXTURE). */
    static final String FIXTURE_WALLET = "0x379a410a36c101e3b8dfb6c90d1176eb0def4b1a";

    static FakeBotApi telegram;
    static FakeGammaServer gamma;
    static FakeDataApi dataApi;
    static Gateway gateway;
    static TelegramBot bot;

    @BeforeAll
    static void start() {
        telegram = FakeBotApi.start(TOKEN);
        gamma = FakeGammaServer.start();
        dataApi = FakeDataApi.start();
        gateway = Gateway.start(GatewayConfig.from(conf(), Map.of()));
        bot = TelegramBot.start(gateway, TOKEN);
    }

    static Map<String, String> conf() {
        Map<String, String> conf = BotConf.base("wallet.bot.it", telegram, gamma);
        conf.put("card.refresh-interval", "200ms");
        conf.put("card.min-edit-interval", "200ms");
        conf.put("alert.check-interval", "200ms");
        conf.put("data-api.url", dataApi.baseUrl().toString());
        conf.put("data-api.requests-per-second", "50");
        conf.put("wallet.active-interval", "1s");
        conf.put("wallet.idle-interval", "1h");
        conf.put("wallet.refresh-debounce", "0s");
        return conf;
    }

    @AfterAll
    static void stop() {
        if (bot != null) {
            bot.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        for (AutoCloseable c : new AutoCloseable[] {telegram, gamma, dataApi}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // closing
            }
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    static long user() {
        return IDS.incrementAndGet();
    }

    static String wallet() {
        return String.format("0x%040x", IDS.incrementAndGet());
    }

    static Message say(long user, String text, String expect) {
        int before = telegram.messages(user).size();
        telegram.sendText(user, text);
        return telegram.awaitMessage(
                user,
                m ->
                        telegram.messages(user).indexOf(m) >= before
                                && m.text() != null
                                && m.text().contains(expect),
                WAIT);
    }

    /** What the job would write: the token's displayed price, fresh. */
    static void price(String token, String price) {
        asSuperuser(
                "INSERT INTO token_prices (token_id, price, best_bid, best_ask, source,"
                        + " exchange_ts) VALUES ('"
                        + token
                        + "', "
                        + price
                        + ", "
                        + price
                        + ", "
                        + price
                        + ", 'ws', now()) ON CONFLICT (token_id) DO UPDATE SET"
                        + " price = EXCLUDED.price, exchange_ts = EXCLUDED.exchange_ts");
    }

    /** A market the fake Gamma knows by the row's slug, holding the row's token. */
    static void market(ObjectNode row) {
        String token = row.path("token_id").asText();
        gamma.addMarket(
                FakeGammaServer.market(
                        "w" + token.substring(token.length() - 8),
                        row.path("title").asText(),
                        row.path("slug").asText(),
                        row.path("condition_id").asText(),
                        List.of(
                                row.path("outcome").asText(),
                                row.path("opposite_outcome").asText()),
                        List.of(token, row.path("opposite_token_id").asText()),
                        List.of("0.5", "0.5")));
    }

    static ObjectNode holding(String wallet, String size, String cost, String price) {
        String token = "8200000000000000000000000000000" + IDS.incrementAndGet();
        ObjectNode row =
                FakeDataApi.row(
                        wallet,
                        token,
                        "0x" + "ab".repeat(16) + String.format("%032x", IDS.incrementAndGet()),
                        size,
                        "0.5",
                        cost,
                        price,
                        "Yes",
                        0,
                        "Will wallet test " + token + " pass?");
        market(row);
        return row;
    }

    // ---- tests -----------------------------------------------------------------------------

    @Test
    void shouldLinkAProfileAndShowTheRealPositionsPricedLikePolymarket() {
        long trader = user();
        String signer = wallet();
        gamma.addProfile(signer, FIXTURE_WALLET, "jaboobelite");
        List<ObjectNode> rows = FakeDataApi.fixtureRows(DataApiRows.OPEN_FIXTURE);
        rows.forEach(WalletBotITCase::market);
        dataApi.setHoldings(FIXTURE_WALLET, rows);
        // The job's prices equal the API's current_price at the sync: the numbers must match.
        for (ObjectNode r : rows) {
            price(r.path("token_id").asText(), r.path("current_price").asText());
        }

        Message linked =
                say(trader, "/link https://polymarket.com/profile/" + signer, "Linked wallet");
        assertThat(linked.text()).contains("0x379a…4b1a").contains("jaboobelite");
        for (ObjectNode r : rows) {
            String token = r.path("token_id").asText();
            await().atMost(WAIT).until(() -> GatewayTables.interest(token) != null);
            assertThat(GatewayTables.interest(token)).containsExactly(1, 0);
        }

        Message card = say(trader, "/positions", "Your positions");
        Message priced =
                telegram.awaitMessage(
                        trader,
                        m ->
                                m.messageId() == card.messageId()
                                        && m.text().contains("vs Polymarket"),
                        WAIT);
        // 28.09 × 0.715 + 35.44 × 0.515 = 38.33595; cost 18.8202 + 19.492 = 38.3122.
        assertThat(priced.text())
                .contains("👛 0x379a…4b1a</b> · jaboobelite")
                .contains("Value $38.34 · unrealized +$0.02")
                .contains("vs Polymarket $38.34: Δ +$0.00")
                .contains("28.09 sh @ 66.99¢ → 71.5¢ · P&amp;L <b>+$1.26 (+6.7%)</b>")
                .contains("35.44 sh @ 55¢ → 51.5¢ · P&amp;L <b>-$1.24 (-6.4%)</b>");

        Message wallets = say(trader, "/wallets", "Your wallets");
        assertThat(wallets.text()).contains(FIXTURE_WALLET).contains("2 open");
    }

    @Test
    void shouldShowAChangeAtTheDataApiOnTheCardWithinTheActiveInterval() {
        long trader = user();
        String w = wallet();
        ObjectNode a = holding(w, "10", "5", "0.5");
        dataApi.setHoldings(w, List.of(a));
        dataApi.knownUser(w);
        price(a.path("token_id").asText(), "0.5");
        say(trader, "/link " + w, "Linked wallet");
        Message card = say(trader, "/positions", "10 sh @ 50¢");

        // Size up, a new position, and (below) one gone: each edits the card by itself.
        ObjectNode bigger = a.deepCopy();
        bigger.put("current_size", 25);
        bigger.put("entry_cost_usdc", 12.5);
        ObjectNode b = holding(w, "4", "1", "0.25");
        price(b.path("token_id").asText(), "0.3");
        dataApi.setHoldings(w, List.of(bigger, b));
        telegram.awaitMessage(
                trader,
                m ->
                        m.messageId() == card.messageId()
                                && m.text().contains("25 sh @ 50¢")
                                && m.text().contains("4 sh @"),
                WAIT);
        dataApi.setHoldings(w, List.of(b));
        Message after =
                telegram.awaitMessage(
                        trader,
                        m -> m.messageId() == card.messageId() && !m.text().contains("25 sh @"),
                        WAIT);
        assertThat(after.text()).contains("4 sh @");
    }

    @Test
    void shouldKeepTheLastHoldingsWithTheirAgeThroughA429StormAndAnOutage() {
        long trader = user();
        String w = wallet();
        ObjectNode a = holding(w, "10", "5", "0.5");
        dataApi.setHoldings(w, List.of(a));
        dataApi.knownUser(w);
        price(a.path("token_id").asText(), "0.6");
        say(trader, "/link " + w, "Linked wallet");
        Message card = say(trader, "/positions", "10 sh @ 50¢");

        dataApi.failNext("/v2/positions", 10_000, 429, 1);
        Message storm =
                telegram.awaitMessage(
                        trader,
                        m -> m.messageId() == card.messageId() && m.text().contains("Sync failing"),
                        Duration.ofSeconds(40));
        assertThat(storm.text()).contains("10 sh @ 50¢").contains("showing the last holdings");
        assertThat(
                        GatewayTables.count(
                                "positions WHERE wallet = '" + w + "' AND status = 'active'"))
                .isEqualTo(1);

        dataApi.clearFaults();
        dataApi.failNext("/v2/positions", 10_000, 503, null);
        await().atMost(WAIT)
                .until(
                        () ->
                                dataApi.requests("/v2/positions").stream()
                                        .anyMatch(r -> r.status() == 503));
        assertThat(telegram.message(trader, card.messageId()).orElseThrow().text())
                .contains("10 sh @ 50¢");

        // The change made during the outage lands once it is over: nothing lost.
        ObjectNode bigger = a.deepCopy();
        bigger.put("current_size", 12);
        dataApi.setHoldings(w, List.of(bigger));
        dataApi.clearFaults();
        Message healed =
                telegram.awaitMessage(
                        trader,
                        m ->
                                m.messageId() == card.messageId()
                                        && m.text().contains("12 sh @")
                                        && !m.text().contains("Sync failing"),
                        Duration.ofSeconds(60));
        assertThat(healed.text()).contains("Holdings &lt;1m old");
    }

    @Test
    void shouldRefuseHostileInputWithAClearMessageAndNoOutboundCall() {
        long trader = user();
        dataApi.clearRequests();
        int gammaBefore = gamma.requests().size();
        String[][] cases = {
            {"/link 0x1234", "40 hex digits"},
            {
                "/link https://evil.example/profile/0x" + "a".repeat(40),
                "polymarket.com profile links"
            },
            {
                "/link https://polymarket.com.evil.example/profile/0x" + "a".repeat(40),
                "polymarket.com profile links"
            },
            {"/link " + "0x" + "b".repeat(300), "too long"},
            {"/link https://polymarket.com/@someone", "Profile names can't be looked up"},
            {"/link 0x4bfb41d5b3570defd03c39a9a4d8de6bd8b8982e", "Polymarket's contracts"},
            {"/link", "Usage: /link"},
            {"/link a b", "Usage: /link"},
            {"/unlink 0x" + "c".repeat(40), "not linked"},
            {"/unlink 7", "no wallet #7"},
        };
        for (String[] c : cases) {
            Message reply = say(trader, c[0], c[1]);
            assertThat(reply.text()).as(c[0]).doesNotContain("Something went wrong");
        }
        assertThat(dataApi.requests()).as("no Data API call").isEmpty();
        assertThat(gamma.requests().size()).as("no Gamma call").isEqualTo(gammaBefore);
        for (FakeBotApi.Request r : telegram.requests("sendMessage")) {
            assertThat(r.params().getOrDefault("text", "")).doesNotContain("b".repeat(100));
        }

        // Another trader's wallet in a forged button: refused, nothing unlinked.
        long owner = user();
        String w = wallet();
        dataApi.knownUser(w);
        dataApi.setHoldings(w, List.of());
        say(owner, "/link " + w, "Linked wallet");
        telegram.press(trader, trader, 1, "ul:" + w);
        await().atMost(WAIT)
                .until(
                        () ->
                                telegram.callbackAnswers().stream()
                                        .anyMatch(a -> a.contains("not linked")));
        assertThat(GatewayTables.count("wallet_links WHERE wallet = '" + w + "'")).isEqualTo(1);
        // Out-of-pattern data never reaches the action.
        telegram.press(trader, trader, 1, "ul:" + w.toUpperCase());
        telegram.press(trader, trader, 1, "ul:" + w + "x");
        await().atMost(WAIT)
                .until(
                        () ->
                                telegram.callbackAnswers().stream()
                                                .filter(a -> a.contains("no longer valid"))
                                                .count()
                                        >= 2);
    }

    @Test
    void shouldNotifyAResolvedWalletPositionOnceAlsoAcrossARestart() throws Exception {
        long trader = user();
        String w = wallet();
        ObjectNode a = holding(w, "10", "5", "0.5");
        dataApi.setHoldings(w, List.of(a));
        dataApi.knownUser(w);
        say(trader, "/link " + w, "Linked wallet");
        String token = a.path("token_id").asText();
        await().atMost(WAIT).until(() -> GatewayTables.interest(token) != null);

        ObjectNode won = a.deepCopy();
        won.put("redeemable", true);
        won.put("current_price", 1);
        dataApi.setHoldings(w, List.of(won));
        say(trader, "/positions", "Your positions");
        Message notice = telegram.awaitText(trader, "Market resolved", WAIT);
        assertThat(notice.text())
                .contains("<b>won</b>")
                .contains("payout <b>$10.00</b>")
                .contains("Redeem it on polymarket.com");

        // A restart of the bot (and its timers): the notice is not sent again.
        bot.close();
        bot = TelegramBot.start(gateway, TOKEN);
        say(trader, "/positions", "Your positions");
        Thread.sleep(1_500);
        assertThat(
                        telegram.messages(trader).stream()
                                .filter(
                                        m ->
                                                m.text() != null
                                                        && m.text().contains("Market resolved")))
                .hasSize(1);
    }

    @Test
    void shouldRefuseToPaperSellAWalletPositionButAllowAlertsOnIt() {
        long trader = user();
        String w = wallet();
        ObjectNode a = holding(w, "10", "5", "0.5");
        dataApi.setHoldings(w, List.of(a));
        dataApi.knownUser(w);
        String token = a.path("token_id").asText();
        price(token, "0.5");
        say(trader, "/link " + w, "Linked wallet");
        await().atMost(WAIT).until(() -> GatewayTables.interest(token) != null);
        long[] id = new long[1];
        GatewayTables.query(
                "SELECT id FROM positions WHERE wallet = '" + w + "'", rs -> id[0] = rs.getLong(1));

        say(trader, "/sell " + id[0], "trade it on polymarket.com");
        say(trader, "/alert " + id[0] + " pnl +20%", "Alert #");
        price(token, "0.7");
        Message fired = telegram.awaitText(trader, "</b>: Position #" + id[0], WAIT);
        assertThat(fired.text()).startsWith("🔔 <b>Alert #").contains("P&amp;L is <b>+40.0%</b>");

        // Someone who did not link the wallet cannot see or alert on its positions.
        long stranger = user();
        say(stranger, "/alert " + id[0] + " pnl +10%", "no position #" + id[0]);
    }
}
