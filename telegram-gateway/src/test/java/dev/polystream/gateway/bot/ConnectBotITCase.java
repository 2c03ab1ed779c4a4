package dev.polystream.gateway.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.polystream.gateway.Gateway;
import dev.polystream.gateway.GatewayConfig;
import dev.polystream.gateway.credentials.CredentialCheck;
import dev.polystream.gateway.credentials.SecretsKey;
import dev.polystream.gateway.credentials.StoredCredentials;
import dev.polystream.gateway.credentials.TraderConnections;
import dev.polystream.gateway.testutils.BotConf;
import dev.polystream.gateway.testutils.FakeBotApi;
import dev.polystream.gateway.testutils.FakeBotApi.Message;
import dev.polystream.gateway.testutils.FakeDataApi;
import dev.polystream.gateway.testutils.GatewayTables;
import dev.polystream.gateway.testutils.LogCapture;
import dev.polystream.gateway.testutils.SharedInfrastructure;
import dev.polystream.ws.auth.ClobCredentials;
import dev.polystream.ws.protocol.Side;
import dev.polystream.ws.testing.FakeGammaServer;
import dev.polystream.ws.user.ClobTradesClient;
import dev.polystream.ws.user.OwnFill;
import dev.polystream.ws.user.TradeStatus;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * /connect and /disconnect through the bot: a fake Telegram Bot API (which records deleted
 * messages), fake Gamma and Data API, real PostgreSQL as the gateway role, the secrets key from a
 * key file, and a test {@link CredentialCheck} standing in for Polymarket. Every message carrying
 * credentials is deleted first; no secret appears in any reply or log line, with our loggers and
 * the Telegram client's at DEBUG.
 */
@ExtendWith(SharedInfrastructure.class)
class ConnectBotITCase {

    static final String TOKEN = "123456:CONNECT-token-never-logged";
    static final Duration WAIT = Duration.ofSeconds(20);
    static final AtomicLong IDS = new AtomicLong(9_700);

    static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I=";
    static final String PASSPHRASE =
            "5f2b9c0e7a1d4b3c8e6f0a2d9b7c5e1f3a8d6b4c2e0f9a7d5b3c1e8f6a4d2b0c";
    static final String PRIVATE_KEY =
            "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";

    static FakeBotApi telegram;
    static FakeGammaServer gamma;
    static FakeDataApi dataApi;
    static Gateway gateway;
    static TelegramBot bot;
    static LogCapture logs;
    static Path keyFile;
    static volatile ClobTradesClient.Verdict verdict = ClobTradesClient.Verdict.VALID;
    static final List<ClobCredentials> checked = new CopyOnWriteArrayList<>();
    static final List<StoredCredentials> connected = new CopyOnWriteArrayList<>();
    static final List<String> disconnected = new CopyOnWriteArrayList<>();

    /** Loggers turned to DEBUG for this class: ours and the Telegram client's. */
    static final List<String> DEBUG_LOGGERS = List.of("dev.polystream", "org.telegram", "okhttp3");

    @BeforeAll
    static void start() throws IOException {
        DEBUG_LOGGERS.forEach(name -> Configurator.setLevel(name, Level.DEBUG));
        logs = LogCapture.everything();
        telegram = FakeBotApi.start(TOKEN);
        gamma = FakeGammaServer.start();
        dataApi = FakeDataApi.start();
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        keyFile = Files.createTempFile("polystream-secrets", ".key");
        Files.writeString(
                keyFile, Base64.getEncoder().encodeToString(raw), StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        Map<String, String> conf = BotConf.base("connect.bot.it", telegram, gamma);
        conf.put("data-api.url", dataApi.baseUrl().toString());
        conf.put("data-api.requests-per-second", "50");
        conf.put("wallet.idle-interval", "1h");
        conf.put("secrets.key-file", keyFile.toString());
        gateway = Gateway.start(GatewayConfig.from(conf, Map.of()));
        bot = TelegramBot.start(gateway, TOKEN);
        bot.connectService()
                .credentialCheck(
                        c -> {
                            checked.add(c);
                            return verdict;
                        });
        bot.connectService()
                .traderConnections(
                        new TraderConnections() {
                            @Override
                            public void connected(StoredCredentials c) {
                                connected.add(c);
                            }

                            @Override
                            public void disconnected(long userId, String wallet) {
                                disconnected.add(userId + "|" + wallet);
                            }
                        });
    }

    @AfterAll
    static void stop() throws IOException {
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
        DEBUG_LOGGERS.forEach(name -> Configurator.setLevel(name, (Level) null));
        if (logs != null) {
            logs.close();
            assertThat(logs.messages(Level.DEBUG)).as("DEBUG lines").isNotEmpty();
            assertThat(logs.allText())
                    .as("no secret in any log line")
                    .noneMatch(
                            line ->
                                    line.contains(SECRET)
                                            || line.contains(PASSPHRASE)
                                            || line.contains(PRIVATE_KEY)
                                            || line.contains("c2VjcmV0")
                                            || line.contains("-4444-55555555"));
        }
        Files.deleteIfExists(keyFile);
    }

    // ---- helpers ---------------------------------------------------------------------------

    static long user() {
        return IDS.incrementAndGet();
    }

    static String address() {
        return String.format("0x%040x", IDS.incrementAndGet());
    }

    static String apiKey(long user) {
        return "11111111-2222-3333-4444-55555555" + String.format("%04d", user % 10_000);
    }

    /** Sends the text; returns its message id once a reply containing {@code expect} arrived. */
    static long say(long user, long chat, String text, String expect) {
        int before = telegram.messages(chat).size();
        long id = telegram.sendText(user, chat, text);
        telegram.awaitMessage(
                chat,
                m ->
                        telegram.messages(chat).indexOf(m) >= before
                                && m.text() != null
                                && m.text().contains(expect),
                WAIT);
        return id;
    }

    static void awaitDeleted(long chat, long messageId) {
        await().atMost(WAIT).until(() -> telegram.deleted(chat).contains(messageId));
    }

    static long rows(long user) {
        long[] n = new long[1];
        GatewayTables.query(
                "SELECT count(*) FROM trader_credentials WHERE user_id = " + user,
                rs -> n[0] = rs.getLong(1));
        return n[0];
    }

    static void assertNoSecretSent() {
        for (FakeBotApi.Request r : telegram.requests()) {
            String all = r.params().toString();
            assertThat(all)
                    .doesNotContain(SECRET)
                    .doesNotContain(PASSPHRASE)
                    .doesNotContain(PRIVATE_KEY)
                    .doesNotContain("-4444-55555555");
        }
    }

    // ---- tests -----------------------------------------------------------------------------

    @Test
    void shouldExplainHowToConnectAndNeverAskForAPrivateKey() {
        long trader = user();
        say(trader, trader, "/connect", "Connect your Polymarket API key");
        Message help = telegram.awaitText(trader, "never", WAIT);
        assertThat(help.text()).contains("private key").contains("read-only").contains("deleted");
        assertThat(telegram.deleted(trader)).as("nothing to delete").isEmpty();
        assertThat(bot.registry().find("connect")).isPresent();
        assertThat(telegram.commands()).contains("connect", "disconnect");
    }

    @Test
    void shouldDeleteTheMessageCheckSealAndConnectTheProxyWallet() {
        long trader = user();
        String signer = address();
        String proxy = address();
        gamma.addProfile(signer, proxy, "trader" + trader);
        dataApi.knownUser(proxy);
        verdict = ClobTradesClient.Verdict.VALID;

        long id =
                say(
                        trader,
                        trader,
                        "/connect "
                                + apiKey(trader)
                                + " "
                                + SECRET
                                + " "
                                + PASSPHRASE
                                + " "
                                + signer,
                        "Connected wallet");
        awaitDeleted(trader, id);
        Message reply = telegram.awaitText(trader, "Connected wallet", WAIT);
        assertThat(reply.text())
                .contains(proxy.substring(0, 6))
                .contains("…" + apiKey(trader).substring(32))
                .contains("linked too");
        assertThat(rows(trader)).isEqualTo(1);
        long[] linked = new long[1];
        GatewayTables.query(
                "SELECT count(*) FROM wallet_links WHERE user_id = "
                        + trader
                        + " AND wallet = '"
                        + proxy
                        + "'",
                rs -> linked[0] = rs.getLong(1));
        assertThat(linked[0]).isEqualTo(1);
        StoredCredentials c =
                connected.stream().filter(x -> x.userId() == trader).findFirst().orElseThrow();
        assertThat(c.wallet()).isEqualTo(proxy);
        assertThat(c.credentials().address()).isEqualTo(signer);
        assertThat(c.l2().passphrase()).isEqualTo(PASSPHRASE);
        assertThat(bot.credentials().active())
                .extracting(StoredCredentials::userId)
                .contains(trader);

        // Connecting again (a new key) replaces the old one; /disconnect deletes it.
        say(trader, trader, "/connect " + apiKey(trader + 1) + " " + signer, "Connected wallet");
        assertThat(bot.credentials().find(trader, proxy).orElseThrow().l2()).isNull();
        say(trader, trader, "/disconnect " + signer, "Disconnected");
        assertThat(rows(trader)).isZero();
        assertThat(disconnected).contains(trader + "|" + proxy);
        say(trader, trader, "/disconnect", "no connected API key");
        assertNoSecretSent();
    }

    @Test
    void shouldTellTheTraderOnceWhenPolymarketRejectsAndForgetTheKeyWithTheWallet() {
        long trader = user();
        String w = address();
        dataApi.knownUser(w);
        verdict = ClobTradesClient.Verdict.VALID;
        say(trader, trader, "/connect " + apiKey(trader) + " " + w, "Connected wallet");
        StoredCredentials c = bot.credentials().find(trader, w).orElseThrow();
        assertThat(c.wallet()).as("no profile: the address is the wallet").isEqualTo(w);
        say(trader, trader, "/wallets", "🔌 API key …" + c.keyHint() + ": real-time fills");

        assertThat(bot.connectService().rejected(c)).isTrue();
        assertThat(bot.connectService().rejected(c)).isFalse();
        telegram.awaitText(trader, "Polymarket refused your API key", WAIT);
        assertThat(bot.credentials().active()).noneMatch(x -> x.userId() == trader);
        say(trader, trader, "/wallets", "refused by Polymarket: /connect a new one");

        say(trader, trader, "/unlink " + w, "Unlinked wallet");
        assertThat(
                        telegram.messages(trader).stream()
                                .filter(m -> m.text().contains("refused your API key")))
                .hasSize(1);
        assertThat(rows(trader)).isZero();
        assertThat(disconnected).contains(trader + "|" + w);
    }

    @Test
    void shouldAnnounceAConfirmedFillAndReadTheWalletsHoldingsNowAndPastTheCache() {
        long trader = user();
        String w = address();
        dataApi.knownUser(w);
        verdict = ClobTradesClient.Verdict.VALID;
        say(trader, trader, "/connect " + apiKey(trader) + " " + w, "Connected wallet");
        StoredCredentials c = bot.credentials().find(trader, w).orElseThrow();
        await().atMost(WAIT).until(() -> holdingsReads(w) >= 1);
        long before = holdingsReads(w);

        OwnFill matched =
                new OwnFill(
                        "trade-" + trader,
                        "leg-1",
                        TradeStatus.MATCHED,
                        true,
                        "0xcondition",
                        "token-" + trader,
                        "Yes",
                        Side.BUY,
                        new BigDecimal("12.5"),
                        new BigDecimal("0.52"),
                        null);
        assertThat(bot.fillNotices().on(c, matched)).isFalse();
        telegram.awaitText(trader, "🟢 Bought 12.5 Yes @ 0.52 · matched", WAIT);
        OwnFill confirmed =
                new OwnFill(
                        matched.tradeId(),
                        matched.legId(),
                        TradeStatus.CONFIRMED,
                        true,
                        matched.market(),
                        matched.assetId(),
                        matched.outcome(),
                        matched.side(),
                        matched.size(),
                        matched.price(),
                        null);
        long confirmedAt = System.nanoTime();
        assertThat(bot.fillNotices().on(c, confirmed)).isTrue();
        telegram.awaitText(trader, "✅ Confirmed: bought 12.5 Yes @ 0.52", WAIT);
        await().atMost(Duration.ofSeconds(5)).until(() -> holdingsReads(w) >= before + 1);
        await().atMost(WAIT).until(() -> holdingsReads(w) >= before + 2);
        assertThat(Duration.ofNanos(System.nanoTime() - confirmedAt))
                .as("the second read waits past the Data API's cache")
                .isGreaterThanOrEqualTo(TelegramBot.HOLDINGS_CACHE);
    }

    static long holdingsReads(String wallet) {
        return dataApi.requests("/v2/positions").stream()
                .filter(r -> wallet.equals(r.param("user")))
                .count();
    }

    @Test
    void shouldStoreNothingWhenPolymarketRefusesOrCannotBeReached() {
        long trader = user();
        String signer = address();
        dataApi.knownUser(signer);
        verdict = ClobTradesClient.Verdict.REJECTED;
        long a =
                say(
                        trader,
                        trader,
                        "/connect "
                                + apiKey(trader)
                                + " "
                                + SECRET
                                + " "
                                + PASSPHRASE
                                + " "
                                + signer,
                        "Polymarket refused these credentials");
        verdict = ClobTradesClient.Verdict.UNAVAILABLE;
        long b =
                say(
                        trader,
                        trader,
                        "/connect " + apiKey(trader) + " " + signer,
                        "Could not reach Polymarket");
        awaitDeleted(trader, a);
        awaitDeleted(trader, b);
        assertThat(rows(trader)).isZero();
        assertThat(connected).noneMatch(c -> c.userId() == trader);
        verdict = ClobTradesClient.Verdict.VALID;
        assertNoSecretSent();
    }

    @Test
    void shouldRefuseAPrivateKeyAMalformedOrLongInputAndStillDeleteIt() {
        long trader = user();
        int checks = checked.size();
        long pk =
                say(trader, trader, "/connect " + PRIVATE_KEY, "looks like a wallet's private key");
        long pk2 =
                say(
                        trader,
                        trader,
                        "/connect 0x" + PRIVATE_KEY + " " + address(),
                        "move your funds");
        long bad =
                say(trader, trader, "/connect abc " + SECRET + " 0x123", "/connect takes 4 values");
        long lookalike =
                say(
                        trader,
                        trader,
                        "/connect "
                                + apiKey(trader)
                                + " 0x111111111111111111111111111111111111111１",
                        "0x and 40 hex");
        long longOne = say(trader, trader, "/connect " + SECRET.repeat(30), "too long");
        long noBreak =
                say(
                        trader,
                        trader,
                        "/connect\u00A0" + PRIVATE_KEY,
                        "looks like a wallet's private key");
        long zeroWidth =
                say(
                        trader,
                        trader,
                        "/connect\u200B" + apiKey(trader) + " " + SECRET,
                        "could not be read");
        assertThat(telegram.messages(trader))
                .noneMatch(m -> m.text().contains(apiKey(trader).substring(0, 12)));
        for (long id : new long[] {pk, pk2, bad, lookalike, longOne, noBreak, zeroWidth}) {
            awaitDeleted(trader, id);
        }
        assertThat(checked).hasSize(checks);
        assertThat(rows(trader)).isZero();
        assertNoSecretSent();
    }

    @Test
    void shouldRefuseInAGroupAndStillDeleteTheCredentials() {
        long trader = user();
        long group = -1_000_000L - trader;
        long id =
                say(
                        trader,
                        group,
                        "/connect "
                                + apiKey(trader)
                                + " "
                                + SECRET
                                + " "
                                + PASSPHRASE
                                + " "
                                + address(),
                        "only in a private chat");
        awaitDeleted(group, id);
        assertThat(telegram.awaitText(group, "only in a private chat", WAIT).text())
                .contains("revoke");
        long plain = say(trader, group, "/connect", "only in a private chat");
        assertThat(telegram.deleted(group)).doesNotContain(plain);
        assertThat(rows(trader)).isZero();
    }

    @Test
    void shouldAskTheTraderToDeleteTheMessageWhenTelegramRefuses() {
        long trader = user();
        telegram.refuseDeletions(true);
        try {
            say(
                    trader,
                    trader,
                    "/connect " + apiKey(trader) + " " + address(),
                    "could not delete your message");
        } finally {
            telegram.refuseDeletions(false);
        }
        assertThat(telegram.deleted(trader)).isEmpty();
    }

    @Test
    void shouldRefuseWithoutASecretsKeyAndSayHowTheOperatorSetsOne() {
        long trader = user();
        try (FakeBotApi other = FakeBotApi.start(TOKEN)) {
            Map<String, String> conf = BotConf.base("connect.bot.it", other, gamma);
            conf.put("data-api.url", dataApi.baseUrl().toString());
            try (Gateway g = Gateway.start(GatewayConfig.from(conf, Map.of()));
                    TelegramBot noKey = TelegramBot.start(g, TOKEN, SecretsKey.none())) {
                long id = other.sendText(trader, "/connect " + apiKey(trader) + " " + address());
                Message reply = other.awaitText(trader, SecretsKey.ENV, WAIT);
                assertThat(reply.text()).contains("not enabled").contains("secrets.key-file");
                await().atMost(WAIT).until(() -> other.deleted(trader).contains(id));
                assertThat(noKey.connectService().canStore()).isFalse();
            }
        }
        assertThat(rows(trader)).isZero();
    }
}
