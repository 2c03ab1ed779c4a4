package dev.polystream.ws.transport;

import static dev.polystream.ws.testing.FakePolymarketServer.levels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.polystream.ws.protocol.Side;
import dev.polystream.ws.testing.FakePolymarketServer;
import dev.polystream.ws.testing.FakePolymarketServer.ClientFrame;
import dev.polystream.ws.testing.FakePolymarketServer.SubscriptionRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sockets at scale on loopback: new sockets open at the {@code connectInterval}'s pace, and a
 * socket whose upgrade is refused retries alone, its neighbours streaming on undisturbed.
 */
class ConnectionPacingITCase {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String MARKET_A = "0x" + "a1".repeat(32);
    private static final String MARKET_B = "0x" + "b2".repeat(32);

    private FakePolymarketServer server;
    private MarketChannelClient client;
    private final MarketChannelClientITCase.Recorder recorder =
            new MarketChannelClientITCase.Recorder();

    @BeforeEach
    void startServer() {
        server = FakePolymarketServer.start();
        server.addBinaryMarket(
                MARKET_A, "8001", "8002", levels("0.40", "10"), levels("0.44", "10"));
        server.addBinaryMarket(
                MARKET_B, "8003", "8004", levels("0.20", "10"), levels("0.24", "10"));
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    private MarketChannelConfig config(int tokensPerConnection, Duration connectInterval) {
        return MarketChannelConfig.defaults(server.wsUrl())
                .withHeartbeat(Duration.ofMillis(200), Duration.ofSeconds(1))
                .withDataTimeout(Duration.ofSeconds(60))
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(300))
                .withSubscribeBatchDelay(Duration.ofMillis(50))
                .withTokensPerConnection(tokensPerConnection)
                .withConnectInterval(connectInterval);
    }

    @Test
    void shouldOpenNewSocketsAtTheConfiguredPace() {
        List<String> tokens = List.of("1", "2", "3", "4", "5", "6");
        client = new MarketChannelClient(config(1, Duration.ofMillis(200)), recorder);
        client.subscribe(tokens);
        client.start();

        await().atMost(WAIT).until(() -> server.subscribedTokens().containsAll(tokens));
        // The first frame of each socket (its initial subscription), by connection.
        Map<Integer, Long> firstFrame = new TreeMap<>();
        for (ClientFrame frame : server.clientFrames()) {
            firstFrame.putIfAbsent(frame.connectionId(), frame.atMs());
        }
        assertThat(firstFrame).hasSize(6);
        List<Long> times = new ArrayList<>(firstFrame.values());
        times.sort(null);
        // Five gaps of at least half the interval each.
        assertThat(times.get(5) - times.get(0)).isGreaterThanOrEqualTo(5 * 100 - 20);
    }

    @Test
    void shouldRetryARefusedSocketAloneWithoutDisturbingTheOthers() {
        client = new MarketChannelClient(config(2, Duration.ZERO), recorder);
        client.subscribe(List.of("8001", "8002"));
        client.start();
        await().atMost(WAIT)
                .until(() -> server.subscribedTokens().containsAll(Set.of("8001", "8002")));
        int first = server.connectionIds().get(0);

        // The next socket's upgrade is refused (as Polymarket's 429 on a connection storm).
        server.refuseConnections(true);
        client.subscribe(List.of("8003", "8004"));
        await().atMost(WAIT)
                .until(
                        () ->
                                recorder.states().stream()
                                                .filter(s -> s == ConnectionState.DISCONNECTED)
                                                .count()
                                        >= 2);
        // Meanwhile the first socket streams on.
        server.priceChange("8001", Side.BUY, "0.42", "5");
        await().atMost(WAIT)
                .until(
                        () ->
                                recorder.last("8001") != null
                                        && recorder.last("8001").bestBid() != null
                                        && recorder.last("8001")
                                                .bestBid()
                                                .toPlainString()
                                                .equals("0.42"));

        server.refuseConnections(false);
        await().atMost(WAIT)
                .until(() -> server.subscribedTokens().containsAll(Set.of("8003", "8004")));
        assertThat(server.connectionIds()).contains(first).hasSize(2);
        assertThat(server.subscriptionsByConnection().get(first))
                .containsExactlyInAnyOrder("8001", "8002");
        // The first socket was never re-subscribed: one initial subscription, nothing since.
        List<SubscriptionRecord> onFirst =
                server.subscriptionLog().stream().filter(r -> r.connectionId() == first).toList();
        assertThat(onFirst).extracting(SubscriptionRecord::operation).containsExactly("initial");
    }
}
