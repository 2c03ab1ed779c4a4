package dev.polystream.gateway.bot;

import static dev.polystream.gateway.testutils.SharedInfrastructure.asSuperuser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.polystream.gateway.Gateway;
import dev.polystream.gateway.GatewayConfig;
import dev.polystream.gateway.testutils.FakeBotApi;
import dev.polystream.gateway.testutils.FakeBotApi.Message;
import dev.polystream.gateway.testutils.GatewayTables;
import dev.polystream.gateway.testutils.LogCapture;
import dev.polystream.gateway.testutils.SharedInfrastructure;
import dev.polystream.ws.testing.FakeGammaServer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bot end to end inside the gateway: a fake Telegram Bot API and a fake Gamma on real sockets,
 * real PostgreSQL (as the gateway role) and Kafka. The job is simulated by writing {@code
 * token_prices} as the superuser. Each test uses its own users and markets.
 */
@ExtendWith(SharedInfrastructure.class)
class TelegramBotITCase {

    static final String TOKEN = "123456:TEST-token-never-logged";
    static final Duration WAIT = Duration.ofSeconds(20);
    static final AtomicLong USERS = new AtomicLong(5000);

    static FakeBotApi telegram;
    static FakeGammaServer gamma;
    static Gateway gateway;
    static TelegramBot bot;
    static LogCapture logs;

    @BeforeAll
    static void start() {
        logs = LogCapture.everything();
        telegram = FakeBotApi.start(TOKEN);
        gamma = FakeGammaServer.start();
        // 150 markets: two keyset pages.
        for (int i = 0; i < 150; i++) {
            addMarket("9" + String.format("%04d", i), "Filler market number " + i, "filler-" + i);
        }
        Map<String, String> conf = new HashMap<>();
        conf.put("jdbc.url", SharedInfrastructure.postgres().jdbcUrl());
        conf.put("jdbc.user", SharedInfrastructure.GATEWAY_ROLE);
        conf.put("kafka.bootstrap-servers", SharedInfrastructure.kafka().bootstrapServers());
        conf.put("kafka.topic", "bot.it");
        conf.put("relay.poll-interval-ms", "50");
        conf.put("telegram.api-url", telegram.baseUrl().toString());
        conf.put("telegram.poll-timeout", "1s");
        conf.put("card.refresh-interval", "200ms");
        conf.put("alert.check-interval", "200ms");
        conf.put("trade.price-wait", "2s");
        conf.put("gamma.url", gamma.baseUrl().toString());
        conf.put("gamma.sync-interval", "1h");
        gateway = Gateway.start(GatewayConfig.from(conf, Map.of()));
        // Telegram is down when the bot starts: it keeps trying instead of failing.
        telegram.failNext("deleteWebhook", 2, 502, 0);
        bot = TelegramBot.start(gateway, TOKEN);
        await().atMost(WAIT).until(() -> bot.marketSync().lastResult() != null);
    }

    @AfterAll
    static void stop() {
        if (bot != null) {
            bot.close();
        }
        if (logs != null) {
            logs.close();
            assertThat(logs.allText()).as("log lines").isNotEmpty();
            assertThat(logs.allText())
                    .as("the bot token never appears in the logs")
                    .noneMatch(line -> line.contains(TOKEN) || line.contains("TEST-token"));
        }
        if (gateway != null) {
            gateway.close();
        }
        if (telegram != null) {
            telegram.close();
        }
        if (gamma != null) {
            gamma.close();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    static void addMarket(String id, String question, String slug) {
        gamma.addMarket(
                FakeGammaServer.market(
                        id,
                        question,
                        slug,
                        "0xc" + id,
                        List.of("Yes", "No"),
                        List.of(yes(id), no(id)),
                        List.of("0.5", "0.5")));
    }

    static String yes(String marketId) {
        return "1000000000000000000000" + marketId + "1";
    }

    static String no(String marketId) {
        return "1000000000000000000000" + marketId + "2";
    }

    /** A market known to the catalogue (synced now, through Gamma). */
    static String market(String id, String question) {
        addMarket(id, question, "slug-" + id);
        bot.marketSync().runOnce();
        return id;
    }

    /** What the job would write: the token's top of book, as of {@code ageSeconds} ago. */
    static void price(String token, String bid, String ask, String price, int ageSeconds) {
        asSuperuser(
                "INSERT INTO token_prices (token_id, price, best_bid, best_ask, source,"
                        + " exchange_ts, confirmed_at) VALUES ('"
                        + token
                        + "', "
                        + price
                        + ", "
                        + bid
                        + ", "
                        + ask
                        + ", 'ws', now() - interval '"
                        + ageSeconds
                        + " seconds', NULL) ON CONFLICT (token_id) DO UPDATE SET"
                        + " price = EXCLUDED.price, best_bid = EXCLUDED.best_bid,"
                        + " best_ask = EXCLUDED.best_ask, exchange_ts = EXCLUDED.exchange_ts,"
                        + " confirmed_at = NULL");
    }

    static long user() {
        return USERS.incrementAndGet();
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

    static long scalar(String sql) {
        long[] v = new long[1];
        GatewayTables.query(sql, rs -> v[0] = rs.getLong(1));
        return v[0];
    }

    static BigDecimal decimal(String sql) {
        BigDecimal[] v = new BigDecimal[1];
        GatewayTables.query(sql, rs -> v[0] = rs.getBigDecimal(1));
        return v[0];
    }

    static long buy(long user, String marketId, String outcome, String usdc) {
        Message quote =
                say(user, "/buy " + marketId + " " + outcome + " " + usdc, "Confirm your buy");
        telegram.press(user, quote, "Confirm");
        Message filled = telegram.awaitText(user, "Bought", WAIT);
        String text = filled.text();
        int at = text.indexOf("Position #") + "Position #".length();
        int end = at;
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
            end++;
        }
        return Long.parseLong(text.substring(at, end));
    }

    // ---- tests -----------------------------------------------------------------------------

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

    @Test
    void shouldRetryThroughATelegramOutage() {
        long trader = user();
        telegram.failNext("sendMessage", 3, 502, 0);
        telegram.sendText(trader, "/help");
        telegram.awaitText(trader, "What I can do", WAIT);
        assertThat(telegram.requests("sendmessage").stream().filter(r -> r.status() == 502))
                .hasSize(3);
    }

    // ---- budget checks ---------------------------------------------------------------------

    /** Every automatic edit request to the chat (delivered or refused) is spaced by the budget. */
    static void assertEditBudget(long chatId, Duration interval) {
        List<Long> times =
                telegram.requests("editmessagetext").stream()
                        .filter(r -> r.chatId() != null && r.chatId() == chatId)
                        .filter(r -> r.params().getOrDefault("text", "").contains("Your positions"))
                        .map(FakeBotApi.Request::atNanos)
                        .sorted()
                        .toList();
        for (int i = 1; i < times.size(); i++) {
            // Taps (Refresh) are replies, not automatic edits; allow those by checking the gap
            // only between automatic ones, which all carry the live-card footer.
            assertThat(Duration.ofNanos(times.get(i) - times.get(i - 1)))
                    .as("gap between edits %d and %d of chat %d", i - 1, i, chatId)
                    .isGreaterThanOrEqualTo(interval);
        }
    }

    /** After every 429, the next request came no sooner than retry_after. */
    static void assertWaitedRetryAfter(Duration retryAfter) {
        List<FakeBotApi.Request> all =
                telegram.requests().stream()
                        .sorted(java.util.Comparator.comparingLong(FakeBotApi.Request::atNanos))
                        .toList();
        for (int i = 0; i < all.size() - 1; i++) {
            if (all.get(i).status() == 429) {
                assertThat(Duration.ofNanos(all.get(i + 1).atNanos() - all.get(i).atNanos()))
                        .isGreaterThanOrEqualTo(retryAfter.minusMillis(20));
            }
        }
    }

    static String snapshot() {
        StringBuilder s = new StringBuilder();
        for (String t :
                List.of("positions", "orders", "alerts", "watches", "outbox", "token_interest")) {
            s.append(t).append('=').append(scalar("SELECT count(*) FROM " + t)).append(' ');
        }
        s.append(decimal("SELECT coalesce(sum(amount), 0) FROM positions WHERE status = 'active'"));
        return s.toString();
    }
}
