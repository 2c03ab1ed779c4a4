package dev.polystream.ws.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake user channel driven by the JDK's own WebSocket client, independent of our transport. */
class FakeUserChannelTest {

    private static final String KEY = "00000000-0000-0000-0000-000000000001";
    private static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXM=";
    private static final String PASSPHRASE = "a".repeat(64);
    private static final String TRADE = "trade_MATCHED_taker_real_2024-09-10__nautilus.json";
    private static final Duration WAIT = Duration.ofSeconds(3);

    private FakePolymarketServer server;
    private FakeUserChannel user;

    @BeforeEach
    void start() {
        server = FakePolymarketServer.start();
        user = server.userChannel();
        user.accounts().addL2(KEY, SECRET, PASSPHRASE, "0x" + "ab".repeat(20));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String subscribe(String secret) {
        return "{\"auth\":{\"apiKey\":\""
                + KEY
                + "\",\"secret\":\""
                + secret
                + "\",\"passphrase\":\""
                + PASSPHRASE
                + "\"},\"markets\":[],\"type\":\"user\"}";
    }

    @Test
    void shouldKeepAGoodSessionAnswerPingAndPublish() throws Exception {
        try (JdkWebSocket ws = new JdkWebSocket(server.userWsUrl())) {
            ws.send(subscribe(SECRET));
            user.awaitOpenSessions(KEY, 1, WAIT);
            ws.send("PING");
            assertThat(ws.next(WAIT)).isEqualTo("PONG");
            String mined = UserFrames.withStatus(UserFrames.fixture(TRADE), "MINED");
            user.publishFixture(KEY, TRADE);
            user.publish(KEY, UserFrames.array(mined));
            assertThat(ws.next(WAIT)).contains("\"status\": \"MATCHED\"");
            assertThat(ws.next(WAIT)).startsWith("[").contains("\"status\":\"MINED\"");
            assertThat(user.tradeIds(KEY)).containsExactly("f50e8ab2-652d-4dc8-9c82-8e46197fe98d");
            assertThat(user.connectionAttempts(KEY)).isEqualTo(1);
            assertThat(user.rejectedAttempts()).isZero();
        }
    }

    @Test
    void shouldDropRefusedCredentialsWithNoFrameAndNoCloseFrame() throws Exception {
        try (JdkWebSocket ws = new JdkWebSocket(server.userWsUrl())) {
            long t0 = System.nanoTime();
            ws.send(subscribe("d3JvbmctY2VjcmV0LXdyb25nLWNlY3JldC13cm8="));
            ws.send("PING");
            JdkWebSocket.Closed closed = ws.awaitClosed(WAIT);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(closed.code()).isEqualTo(1006);
            assertThat(ms).isBetween(300L, 2_000L);
            assertThat(ws.next(Duration.ZERO)).isNull();
            assertThat(user.rejectedAttempts()).isEqualTo(1);
            assertThat(user.openSessions(KEY)).isZero();
        }
    }

    @Test
    void shouldStillServeTheMarketChannelOnItsPath() throws Exception {
        try (JdkWebSocket ws = new JdkWebSocket(server.wsUrl())) {
            ws.send("{\"assets_ids\":[],\"type\":\"market\"}");
            ws.send("PING");
            assertThat(ws.next(WAIT)).isEqualTo("PONG");
        }
    }
}
