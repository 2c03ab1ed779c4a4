package dev.polystream.gateway.bot;

import static dev.polystream.gateway.testutils.SharedInfrastructure.asSuperuser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.polystream.gateway.Gateway;
import dev.polystream.gateway.GatewayConfig;
import dev.polystream.gateway.testutils.BotConf;
import dev.polystream.gateway.testutils.FakeBotApi;
import dev.polystream.gateway.testutils.FakeBotApi.Message;
import dev.polystream.gateway.testutils.GatewayTables;
import dev.polystream.gateway.testutils.LogCapture;
import dev.polystream.gateway.testutils.SharedInfrastructure;
import dev.polystream.ws.testing.FakeGammaServer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shared set-up of the bot's end-to-end tests (the themed {@code TelegramBot*ITCase}s): the bot
 * end to end inside the gateway: a fake Telegram Bot API and a fake Gamma on real sockets, real
 * PostgreSQL (as the gateway role) and Kafka. The job is simulated by writing {@code token_prices}
 * as the superuser. Each test uses its own users and markets.
 */
@ExtendWith(SharedInfrastructure.class)
abstract class TelegramBotTestBase {

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
        Map<String, String> conf = BotConf.base("bot.it", telegram, gamma);
        conf.put("card.refresh-interval", "200ms");
        conf.put("alert.check-interval", "200ms");
        conf.put("trade.price-wait", "2s");
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
