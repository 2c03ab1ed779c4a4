package dev.polystream.gateway.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystream.gateway.Gateway;
import dev.polystream.gateway.GatewayConfig;
import dev.polystream.gateway.testutils.BotConf;
import dev.polystream.gateway.testutils.FakeBotApi;
import dev.polystream.gateway.testutils.FakeBotApi.Message;
import dev.polystream.gateway.testutils.FakeDataApi;
import dev.polystream.gateway.testutils.GatewayTables;
import dev.polystream.gateway.testutils.LogCapture;
import dev.polystream.gateway.testutils.SharedInfrastructure;
import dev.polystream.ws.testing.FakeGammaServer;
import dev.polystream.ws.testing.FakePolymarketServer;
import dev.polystream.ws.testing.FakeUserChannel;
import dev.polystream.ws.testing.UserFrames;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A trader's own fills in real time, end to end on real parts: the bot with a fake Telegram Bot
 * API, the fake exchange's user channel and CLOB {@code /data/trades} (credentials and HMAC
 * checked), a fake Gamma and Data API, real PostgreSQL and Kafka. {@code /connect} → fills from the
 * channel → one message per fill and status → holdings read again; a restart in the middle of fills
 * misses and repeats nothing; refused credentials are told once and not retried in a loop; no
 * secret in any log line at DEBUG.
 */
@ExtendWith(SharedInfrastructure.class)
class FillsBotITCase {

    static final String TOKEN = "123456:FILLS-token-never-logged";
    static final Duration WAIT = Duration.ofSeconds(30);
    static final AtomicLong IDS = new AtomicLong(31_000);
    static final String MATCHED_TAKER = "trade_MATCHED_taker_real_2024-09-10__nautilus.json";
    static final SecureRandom RANDOM = new SecureRandom();

    static FakeBotApi telegram;
    static FakeGammaServer gamma;
    static FakeDataApi dataApi;
    static FakePolymarketServer exchange;
    static Gateway gateway;
    static TelegramBot bot;
    static LogCapture logs;
    static Path keyFile;
    static final List<String> secrets = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        Configurator.setLevel("dev.polystream", Level.DEBUG);
        logs = LogCapture.everything();
        // Credentials other bot tests left would be resumed against this test's fake exchange.
        SharedInfrastructure.asSuperuser("DELETE FROM trader_credentials");
        telegram = FakeBotApi.start(TOKEN);
        gamma = FakeGammaServer.start();
        dataApi = FakeDataApi.start();
        exchange = FakePolymarketServer.start();
        keyFile = Files.createTempFile("polystream-fills", ".key");
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        Files.writeString(
                keyFile, Base64.getEncoder().encodeToString(raw), StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        gateway = Gateway.start(GatewayConfig.from(conf(), Map.of()));
        bot = TelegramBot.start(gateway, TOKEN);
    }

    static Map<String, String> conf() {
        Map<String, String> conf = BotConf.base("fills.bot.it", telegram, gamma);
        conf.put("data-api.url", dataApi.baseUrl().toString());
        conf.put("data-api.requests-per-second", "50");
        conf.put("wallet.idle-interval", "1h");
        conf.put("wallet.refresh-debounce", "0s");
        conf.put("secrets.key-file", keyFile.toString());
        conf.put("fills.poll-interval", "1s");
        conf.put("clob.url", exchange.restUrl().toString());
        conf.put("user-channel.url", exchange.userWsUrl().toString());
        return conf;
    }

    @AfterAll
    static void stop() throws IOException {
        // Leave no active credentials behind for the other bot tests sharing the database.
        SharedInfrastructure.asSuperuser("DELETE FROM trader_credentials");
        if (bot != null) {
            bot.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        for (AutoCloseable c : new AutoCloseable[] {telegram, gamma, dataApi, exchange}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // closing
            }
        }
        Configurator.setLevel("dev.polystream", (Level) null);
        Files.deleteIfExists(keyFile);
        if (logs != null) {
            logs.close();
            assertThat(logs.messages(Level.DEBUG)).as("DEBUG lines were captured").isNotEmpty();
            assertThat(secrets).isNotEmpty();
            assertThat(logs.allText())
                    .as("no secret, passphrase or full API key in any log line")
                    .noneMatch(line -> secrets.stream().anyMatch(line::contains));
        }
    }

    // ---- a trader and their key ----------------------------------------------------------------

    /** A trader with a signer, the proxy it trades through, and L2 credentials at the fake. */
    record Trader(
            long user, String signer, String proxy, String apiKey, String secret, String pass) {
        String connect() {
            return "/connect " + apiKey + " " + secret + " " + pass + " " + signer;
        }
    }

    static Trader trader() {
        long user = IDS.incrementAndGet();
        String signer = String.format("0x%040x", IDS.incrementAndGet());
        String proxy = String.format("0x%040x", IDS.incrementAndGet());
        byte[] s = new byte[32];
        RANDOM.nextBytes(s);
        byte[] p = new byte[32];
        RANDOM.nextBytes(p);
        Trader t =
                new Trader(
                        user,
                        signer,
                        proxy,
                        UUID.randomUUID().toString(),
                        Base64.getUrlEncoder().encodeToString(s),
                        HexFormat.of().formatHex(p));
        secrets.addAll(List.of(t.apiKey(), t.secret(), t.pass()));
        gamma.addProfile(signer, proxy, "fills" + user);
        dataApi.knownUser(proxy);
        exchange.userChannel().accounts().addL2(t.apiKey(), t.secret(), t.pass(), signer);
        return t;
    }

    /** The trader's own taker fill {@code id} at {@code status}, of {@code size} at 0.52. */
    static String fill(Trader t, String id, String status, String size) {
        String e = UserFrames.fixture(MATCHED_TAKER);
        e = UserFrames.withId(e, id);
        e = UserFrames.withStatus(e, status);
        e = UserFrames.with(e, "size", size);
        e = UserFrames.with(e, "owner", t.apiKey());
        return UserFrames.with(e, "trade_owner", t.apiKey());
    }

    /** A taker fill of the trader's wallet, recognisable by its address alone. */
    static String walletFill(Trader t, String id, String status, String size) {
        String e = UserFrames.fixture(MATCHED_TAKER);
        e = UserFrames.withId(e, id);
        e = UserFrames.withStatus(e, status);
        e = UserFrames.with(e, "size", size);
        return UserFrames.with(e, "maker_address", t.proxy());
    }

    static ObjectNode holding(Trader t, String size) {
        return FakeDataApi.row(
                t.proxy(),
                "21742633143463906290569050155826241533067272736897614950488156847949938836455",
                "0xdd22472e552920b8438158ea7238bfadfa4f736aa4cee91a6b86c39ead110917",
                size,
                "0.52",
                new BigDecimal(size).multiply(new BigDecimal("0.52")).toPlainString(),
                "0.52",
                "Yes",
                0,
                "Will the fills test pass?");
    }

    static long count(long chat, String text) {
        return telegram.messages(chat).stream()
                .filter(m -> m.text() != null && m.text().contains(text))
                .count();
    }

    static BigDecimal heldSize(Trader t) {
        BigDecimal[] v = new BigDecimal[1];
        GatewayTables.query(
                "SELECT sum(amount) FROM positions WHERE status = 'active' AND wallet = '"
                        + t.proxy()
                        + "'",
                rs -> v[0] = rs.getBigDecimal(1));
        return v[0];
    }

    static void connect(Trader t) {
        int before = telegram.messages(t.user()).size();
        long id = telegram.sendText(t.user(), t.connect());
        Message reply =
                telegram.awaitMessage(
                        t.user(),
                        m ->
                                telegram.messages(t.user()).indexOf(m) >= before
                                        && m.text() != null
                                        && m.text().contains("Connected wallet"),
                        WAIT);
        assertThat(reply.text()).doesNotContain(t.secret()).doesNotContain(t.pass());
        await().atMost(WAIT).until(() -> telegram.deleted(t.user()).contains(id));
    }

    // ---- tests -------------------------------------------------------------------------------

    @Test
    void shouldAnnounceEachFillAndStatusOnceRefreshHoldingsAndMissNothingAcrossARestart() {
        Trader t = trader();
        FakeUserChannel channel = exchange.userChannel();
        dataApi.putHolding(t.proxy(), holding(t, "3"));
        // A fill from before /connect: history, never announced.
        channel.recordOnly(t.apiKey(), fill(t, "old-" + t.user(), "CONFIRMED", "3"));

        connect(t);
        channel.awaitOpenSessions(t.apiKey(), 1, WAIT);
        await().atMost(WAIT).until(() -> heldSize(t) != null);

        // A fill matches: one message, also when the channel sends the status twice.
        String t1 = "t1-" + t.user();
        channel.publish(t.apiKey(), fill(t, t1, "MATCHED", "5"));
        channel.publish(t.apiKey(), fill(t, t1, "MATCHED", "5"));
        telegram.awaitText(t.user(), "Bought 5 Yes @ 0.52", WAIT);
        // Holdings grow at the Data API; MINED says nothing, CONFIRMED tells and reads them.
        dataApi.putHolding(t.proxy(), holding(t, "8"));
        channel.publish(t.apiKey(), fill(t, t1, "MINED", "5"));
        channel.publish(t.apiKey(), fill(t, t1, "CONFIRMED", "5"));
        telegram.awaitText(t.user(), "Confirmed: bought 5 Yes", WAIT);
        await().atMost(WAIT).untilAsserted(() -> assertThat(heldSize(t)).isEqualByComparingTo("8"));

        // A second fill matches; then the gateway restarts in the middle of it.
        String t2 = "t2-" + t.user();
        channel.publish(t.apiKey(), fill(t, t2, "MATCHED", "7"));
        telegram.awaitText(t.user(), "Bought 7 Yes", WAIT);
        bot.close();
        // While it is down: t2 confirms, and t3 matches and confirms.
        String t3 = "t3-" + t.user();
        channel.recordOnly(t.apiKey(), fill(t, t2, "CONFIRMED", "7"));
        channel.recordOnly(t.apiKey(), fill(t, t3, "MATCHED", "9"));
        channel.recordOnly(t.apiKey(), fill(t, t3, "CONFIRMED", "9"));
        bot = TelegramBot.start(gateway, TOKEN);
        telegram.awaitText(t.user(), "Confirmed: bought 7 Yes", WAIT);
        telegram.awaitText(t.user(), "bought 9 Yes", WAIT);

        // The live channel repeats a status the reconciliation already announced, then a marker.
        channel.awaitOpenSessions(t.apiKey(), 1, WAIT);
        channel.publish(t.apiKey(), fill(t, t3, "CONFIRMED", "9"));
        channel.publish(t.apiKey(), fill(t, "t4-" + t.user(), "MATCHED", "11"));
        telegram.awaitText(t.user(), "Bought 11 Yes", WAIT);

        assertThat(count(t.user(), "Bought 5 Yes")).as("t1 matched").isEqualTo(1);
        assertThat(count(t.user(), "Confirmed: bought 5 Yes")).as("t1 confirmed").isEqualTo(1);
        assertThat(count(t.user(), "Bought 7 Yes")).as("t2 matched").isEqualTo(1);
        assertThat(count(t.user(), "Confirmed: bought 7 Yes")).as("t2 confirmed").isEqualTo(1);
        assertThat(count(t.user(), "bought 9 Yes")).as("t3, once").isEqualTo(1);
        assertThat(count(t.user(), " 3 Yes")).as("history is not announced").isZero();
        long[] rows = new long[1];
        GatewayTables.query(
                "SELECT count(*) FROM own_fills WHERE user_id = " + t.user(),
                rs -> rows[0] = rs.getLong(1));
        // old: CONFIRMED; t1: MATCHED, MINED, CONFIRMED; t2: MATCHED live, CONFIRMED from the
        // reconciliation; t3: CONFIRMED (the API keeps a trade's latest status); t4: MATCHED.
        assertThat(rows[0]).isEqualTo(8);
    }

    @Test
    void shouldTellTheTraderOnceWhenTheChannelRefusesTheKeyAndStopReconnecting() {
        Trader t = trader();
        FakeUserChannel channel = exchange.userChannel();
        connect(t);
        channel.awaitOpenSessions(t.apiKey(), 1, WAIT);

        // The trader revokes the key at Polymarket: the socket is dropped and not let back in.
        channel.accounts().remove(t.apiKey());
        channel.dropSessions(t.apiKey());
        telegram.awaitText(t.user(), "Polymarket refused your API key", WAIT);
        int attempts = channel.connectionAttempts(t.apiKey());
        await().pollDelay(Duration.ofSeconds(4))
                .atMost(WAIT)
                .untilAsserted(
                        () ->
                                assertThat(channel.connectionAttempts(t.apiKey()))
                                        .as("no reconnect loop")
                                        .isEqualTo(attempts));
        assertThat(attempts).as("the first socket and the two refused ones").isLessThanOrEqualTo(4);
        assertThat(count(t.user(), "Polymarket refused your API key")).isEqualTo(1);
        String[] state = new String[1];
        GatewayTables.query(
                "SELECT state FROM trader_credentials WHERE user_id = " + t.user(),
                rs -> state[0] = rs.getString(1));
        assertThat(state[0]).isEqualTo("rejected");
    }

    @Test
    void shouldNotBlameTheKeyWhenOnlyTheChannelDropsEverySocket() {
        Trader t = trader();
        FakeUserChannel channel = exchange.userChannel();
        connect(t);
        channel.awaitOpenSessions(t.apiKey(), 1, WAIT);
        long before = channel.restRequests("/data/trades");
        try {
            channel.refuseEverySocket(true);
            channel.dropSessions(t.apiKey());
            // The channel gives up on the sockets; the CLOB is asked and still accepts the key.
            await().atMost(WAIT).until(() -> channel.restRequests("/data/trades") > before);
            int attempts = channel.connectionAttempts(t.apiKey());
            await().pollDelay(Duration.ofSeconds(3))
                    .atMost(WAIT)
                    .untilAsserted(
                            () ->
                                    assertThat(channel.connectionAttempts(t.apiKey()))
                                            .as("no reconnect loop while refused")
                                            .isEqualTo(attempts));
        } finally {
            channel.refuseEverySocket(false);
        }
        assertThat(count(t.user(), "refused")).as("the trader is not blamed").isZero();
        String[] state = new String[1];
        GatewayTables.query(
                "SELECT state FROM trader_credentials WHERE user_id = " + t.user(),
                rs -> state[0] = rs.getString(1));
        assertThat(state[0]).isEqualTo("active");
    }

    @Test
    void shouldReadAReadOnlyKeysFillsFromTheClobWithoutTheChannel() {
        Trader t = trader();
        FakeUserChannel channel = exchange.userChannel();
        String readOnly = UUID.randomUUID().toString();
        secrets.add(readOnly);
        channel.accounts().addReadOnly(readOnly, t.signer());
        // Matched by the wallet (no key owner to compare with a read-only key).
        channel.recordOnly(t.apiKey(), walletFill(t, "ro-old-" + t.user(), "CONFIRMED", "2"));
        long id = telegram.sendText(t.user(), "/connect " + readOnly + " " + t.signer());
        telegram.awaitText(t.user(), "Connected wallet", WAIT);
        await().atMost(WAIT).until(() -> telegram.deleted(t.user()).contains(id));

        String r1 = "ro1-" + t.user();
        channel.recordOnly(t.apiKey(), walletFill(t, r1, "MATCHED", "4"));
        telegram.awaitText(t.user(), "Bought 4 Yes", WAIT);
        channel.recordOnly(t.apiKey(), walletFill(t, r1, "CONFIRMED", "4"));
        telegram.awaitText(t.user(), "Confirmed: bought 4 Yes", WAIT);

        assertThat(count(t.user(), " 2 Yes")).as("history is not announced").isZero();
        assertThat(count(t.user(), "Bought 4 Yes")).isEqualTo(1);
        assertThat(channel.connectionAttempts(readOnly)).as("no user channel").isZero();
        assertThat(channel.connectionAttempts(t.apiKey())).isZero();

        // The trader revokes the read-only key: the next poll's 401 is told once, polling stops.
        channel.accounts().remove(readOnly);
        telegram.awaitText(t.user(), "Polymarket refused your API key", WAIT);
        long polls = channel.restRequests("/data/trades");
        await().pollDelay(Duration.ofSeconds(3))
                .atMost(WAIT)
                .untilAsserted(
                        () ->
                                assertThat(channel.restRequests("/data/trades"))
                                        .as("no more polls")
                                        .isEqualTo(polls));
        assertThat(count(t.user(), "Polymarket refused your API key")).isEqualTo(1);
    }

    @Test
    void shouldRefuseCredentialsWhoseSignatureTheClobRejectsAndKeepNothing() {
        Trader t = trader();
        byte[] other = new byte[32];
        RANDOM.nextBytes(other);
        String wrongSecret = Base64.getUrlEncoder().encodeToString(other);
        secrets.add(wrongSecret);
        long id =
                telegram.sendText(
                        t.user(),
                        "/connect "
                                + t.apiKey()
                                + " "
                                + wrongSecret
                                + " "
                                + t.pass()
                                + " "
                                + t.signer());
        telegram.awaitText(t.user(), "Polymarket refused these credentials", WAIT);
        await().atMost(WAIT).until(() -> telegram.deleted(t.user()).contains(id));
        long[] n = new long[1];
        GatewayTables.query(
                "SELECT count(*) FROM trader_credentials WHERE user_id = " + t.user(),
                rs -> n[0] = rs.getLong(1));
        assertThat(n[0]).isZero();
        assertThat(exchange.userChannel().connectionAttempts(t.apiKey())).isZero();
    }
}
