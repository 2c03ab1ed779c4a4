package dev.polystream.ws.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystream.ws.auth.ApiCredentials;
import dev.polystream.ws.resilience.Backoff;
import dev.polystream.ws.testing.FakePolymarketServer;
import dev.polystream.ws.testing.FakeUserChannel;
import dev.polystream.ws.testing.Fixtures;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The user-channel client on real sockets against the fake on 127.0.0.1. */
class UserChannelClientITCase {

    private static final String KEY = "3e2c94ca-8124-c4c1-c7ea-be1ea21b71fe";
    private static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXM=";
    private static final String PASSPHRASE = "f".repeat(64);
    private static final String ADDRESS = "0xa3D82Ed56F4c68d2328Fb8c29e568Ba2cAF7d7c8";
    private static final String MARKET =
            "0xdd22472e552920b8438158ea7238bfadfa4f736aa4cee91a6b86c39ead110917";
    private static final Duration WAIT = Duration.ofSeconds(5);

    private FakePolymarketServer server;
    private FakeUserChannel user;
    private UserChannelClient client;

    @BeforeEach
    void start() {
        server = FakePolymarketServer.start();
        user = server.userChannel();
        user.accounts().addL2(KEY, SECRET, PASSPHRASE, ADDRESS);
        client =
                new UserChannelClient(
                        new UserChannelConfig(
                                server.userWsUrl(),
                                Duration.ofMillis(200),
                                Duration.ofMillis(1_000),
                                2,
                                Duration.ofSeconds(2),
                                new Backoff(Duration.ofMillis(50), Duration.ofMillis(200)),
                                1024 * 1024));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void shouldSubscribeWithTheKeyAndDeliverPublishedFrames() throws Exception {
        Recorder events = new Recorder();
        UserChannelSubscription sub = client.subscribe(good(), List.of(MARKET), events);
        user.awaitOpenSessions(KEY, 1, WAIT);
        JsonNode frame = new ObjectMapper().readTree(user.subscribeFrames(KEY).get(0));
        assertThat(frame.path("type").asText()).isEqualTo("user");
        assertThat(frame.path("markets").get(0).asText()).isEqualTo(MARKET);
        assertThat(frame.path("auth").path("apiKey").asText()).isEqualTo(KEY);
        assertThat(frame.path("auth").path("passphrase").asText()).isEqualTo(PASSPHRASE);

        user.publishFixture(KEY, "trade_MATCHED_taker_real_2024-09-10__nautilus.json");
        await().atMost(WAIT)
                .until(() -> events.has("trade f50e8ab2-652d-4dc8-9c82-8e46197fe98d MATCHED"));
        assertThat(events.first()).isEqualTo("connected false");

        String order = Fixtures.wsUser("order_PLACEMENT_real_2024-09-09__nautilus.json");
        String mined = Fixtures.wsUser("trade_MINED_maker_real_2024-09-09__nautilus.json");
        user.publish(KEY, "[" + order + "," + mined + ",{\"event_type\":\"mystery\"}]");
        await().atMost(WAIT)
                .until(() -> events.has("trade 83b5c849-620e-4c23-b63b-2e779c04a6e7 MINED"));
        assertThat(events.all())
                .contains(
                        "order 0x0f76f4dc6eaf3332f4100f2e8a0b4a927351dd64646b7bb12f37df775c657a78 LIVE");
        assertThat(events.all())
                .anyMatch(e -> e.startsWith("malformed unknown event type mystery"));
        assertThat(sub.isOpen()).isTrue();
        assertThat(user.tradeIds(KEY)).hasSize(2);
    }

    @Test
    void shouldPingAndStayUpWhilePongsComeAndReplaceASilentSocket() {
        Recorder events = new Recorder();
        client.subscribe(good(), List.of(), events);
        user.awaitOpenSessions(KEY, 1, WAIT);
        // No frame but PONGs: the socket survives the window and many ping intervals.
        await().atMost(WAIT).until(() -> events.has("connected false"));
        sleep(1_000);
        assertThat(user.connectionAttempts(KEY)).isEqualTo(1);
        assertThat(events.all()).containsExactly("connected false");

        // PONGs stop: after three silent intervals the socket is replaced.
        user.answerPings(false);
        await().atMost(WAIT).until(() -> user.connectionAttempts(KEY) >= 2);
        assertThat(events.all()).anyMatch(e -> e.startsWith("disconnected nothing received"));
        user.answerPings(true);
        await().atMost(WAIT).until(() -> events.has("connected true"));
    }

    @Test
    void shouldReconnectAfterADropAndDeliverAgain() {
        Recorder events = new Recorder();
        client.subscribe(good(), List.of(), events);
        user.awaitOpenSessions(KEY, 1, WAIT);
        user.publishFixture(KEY, "trade_MATCHED_taker_real_2024-09-10__nautilus.json");
        await().atMost(WAIT).until(() -> events.has("connected false"));

        user.dropSessions(KEY);
        await().atMost(WAIT).until(() -> events.has("connected true"));
        assertThat(events.all()).anyMatch(e -> e.startsWith("disconnected"));
        assertThat(user.connectionAttempts(KEY)).isEqualTo(2);
        user.awaitOpenSessions(KEY, 1, WAIT);
        user.publishFixture(KEY, "trade_CONFIRMED_taker_real_2024-09-11__nautilus.json");
        await().atMost(WAIT)
                .until(() -> events.has("trade 0c357886-b9d3-44bb-9aa9-72d8abc90e6e CONFIRMED"));
    }

    @Test
    void shouldStopAfterTheCredentialsAreRefused() {
        Recorder events = new Recorder();
        UserChannelSubscription sub =
                client.subscribe(
                        new ApiCredentials(KEY, SECRET, "e".repeat(64)), List.of(), events);
        await().atMost(WAIT).until(() -> events.has("auth rejected"));
        assertThat(sub.isOpen()).isFalse();
        sleep(1_000);
        assertThat(user.connectionAttempts(KEY)).isEqualTo(2);
        assertThat(user.rejectedAttempts()).isEqualTo(2);
        assertThat(events.all()).containsExactly("auth rejected");
        assertThat(client.openSubscriptions()).isZero();
    }

    @Test
    void shouldStopReconnectingOnceClosed() {
        Recorder events = new Recorder();
        UserChannelSubscription sub = client.subscribe(good(), List.of(), events);
        user.awaitOpenSessions(KEY, 1, WAIT);
        sub.close();
        assertThat(sub.isOpen()).isFalse();
        user.awaitOpenSessions(KEY, 0, WAIT);
        sleep(600);
        assertThat(user.connectionAttempts(KEY)).isEqualTo(1);
        assertThat(events.all()).doesNotContain("connected true");
    }

    @Test
    void shouldDeliverToEverySubscriptionOfTheKeyLikeLive() {
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        client.subscribe(good(), List.of(), first);
        client.subscribe(good(), List.of(), second);
        user.awaitOpenSessions(KEY, 2, WAIT);
        user.publishFixture(KEY, "trade_CONFIRMED_taker_real_2024-09-11__nautilus.json");
        String trade = "trade 0c357886-b9d3-44bb-9aa9-72d8abc90e6e CONFIRMED";
        await().atMost(WAIT).until(() -> first.has(trade) && second.has(trade));
        assertThat(first.all().stream().filter(trade::equals)).hasSize(1);
        assertThat(client.openSubscriptions()).isEqualTo(2);
    }

    @Test
    void shouldSpeakTlsAndNotMistakeAnUntrustedServerForRefusedCredentials() throws Exception {
        try (FakePolymarketServer tls =
                FakePolymarketServer.start(FakePolymarketServer.Options.defaults().withTls())) {
            tls.userChannel().accounts().addL2(KEY, SECRET, PASSPHRASE, ADDRESS);
            UserChannelConfig config =
                    new UserChannelConfig(
                            tls.userWsUrl(),
                            Duration.ofMillis(200),
                            Duration.ofMillis(1_000),
                            2,
                            Duration.ofSeconds(2),
                            new Backoff(Duration.ofMillis(50), Duration.ofMillis(200)),
                            1024 * 1024);
            // The self-signed certificate names localhost; the URL says 127.0.0.1.
            SslContext trusting =
                    SslContextBuilder.forClient()
                            .trustManager(tls.certificate())
                            .endpointIdentificationAlgorithm(null)
                            .build();
            Recorder events = new Recorder();
            Recorder untrusting = new Recorder();
            try (UserChannelClient secure = new UserChannelClient(config, trusting);
                    UserChannelClient plain = new UserChannelClient(config)) {
                secure.subscribe(good(), List.of(), events);
                plain.subscribe(good(), List.of(), untrusting);
                tls.userChannel().awaitOpenSessions(KEY, 1, WAIT);
                tls.userChannel()
                        .publishFixture(KEY, "trade_MATCHED_taker_real_2024-09-10__nautilus.json");
                await().atMost(WAIT)
                        .until(
                                () ->
                                        events.has(
                                                "trade f50e8ab2-652d-4dc8-9c82-8e46197fe98d MATCHED"));
                sleep(1_000);
                assertThat(untrusting.all()).isEmpty();
                assertThat(plain.openSubscriptions()).isEqualTo(1);
                assertThat(tls.userChannel().connectionAttempts(KEY)).isEqualTo(1);
            }
        }
    }

    @Test
    void shouldCloseTheClientWithinSeconds() {
        client.subscribe(good(), List.of(), new Recorder());
        client.subscribe(good(), List.of(), new Recorder());
        user.awaitOpenSessions(KEY, 2, WAIT);
        long t0 = System.nanoTime();
        client.close();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
        user.awaitOpenSessions(KEY, 0, WAIT);
    }

    private static ApiCredentials good() {
        return new ApiCredentials(KEY, SECRET, PASSPHRASE);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Every listener call as one line, in order. */
    static final class Recorder implements UserChannelListener {
        private final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void onConnected(boolean afterReconnect) {
            events.add("connected " + afterReconnect);
        }

        @Override
        public void onTrade(UserTrade trade) {
            events.add("trade " + trade.id() + " " + trade.status());
        }

        @Override
        public void onOrder(UserOrder order) {
            events.add("order " + order.id() + " " + order.status());
        }

        @Override
        public void onMalformed(String detail) {
            events.add("malformed " + detail);
        }

        @Override
        public void onDisconnected(String reason) {
            events.add("disconnected " + reason);
        }

        @Override
        public void onAuthRejected() {
            events.add("auth rejected");
        }

        boolean has(String event) {
            return events.contains(event);
        }

        String first() {
            return events.get(0);
        }

        List<String> all() {
            return List.copyOf(events);
        }
    }
}
