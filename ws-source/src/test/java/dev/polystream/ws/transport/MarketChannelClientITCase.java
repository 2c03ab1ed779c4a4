package dev.polystream.ws.transport;

import static dev.polystream.ws.testing.FakePolymarketServer.levels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystream.ws.PriceSource;
import dev.polystream.ws.PriceTick;
import dev.polystream.ws.TickKind;
import dev.polystream.ws.protocol.Side;
import dev.polystream.ws.testing.FakePolymarketServer;
import dev.polystream.ws.testing.FakePolymarketServer.SubscriptionRecord;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Netty client against the fake server over real loopback sockets. */
class MarketChannelClientITCase {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARKET = "0x" + "cd".repeat(32);
    private static final String YES = "7001";
    private static final String NO = "7002";

    private FakePolymarketServer server;
    private MarketChannelClient client;
    private final Recorder recorder = new Recorder();

    @BeforeEach
    void startServer() {
        server = FakePolymarketServer.start();
        server.addBinaryMarket(
                MARKET, YES, NO, levels("0.40", "100", "0.48", "30"), levels("0.52", "10"));
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    /** Fast heartbeat and back-off, patient data watchdog. */
    private MarketChannelConfig config() {
        return MarketChannelConfig.defaults(server.wsUrl())
                .withHeartbeat(Duration.ofMillis(200), Duration.ofSeconds(1))
                .withDataTimeout(Duration.ofSeconds(60))
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(400))
                .withSubscribeBatchDelay(Duration.ofMillis(100));
    }

    private MarketChannelClient startClient(MarketChannelConfig config, String... tokens) {
        client = new MarketChannelClient(config, recorder);
        client.subscribe(List.of(tokens));
        client.start();
        return client;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            return null;
        }
    }

    private List<SubscriptionRecord> log(String operation) {
        return server.subscriptionLog().stream()
                .filter(r -> r.operation().equals(operation))
                .toList();
    }

    @Test
    void shouldSendTheInitialSubscriptionFirstThenPing() {
        startClient(config(), YES);

        await().atMost(WAIT)
                .until(
                        () ->
                                recorder.ticksFor(YES).stream()
                                        .anyMatch(t -> t.kind() == TickKind.BOOK));
        int connection = server.connectionIds().get(0);
        await().atMost(WAIT)
                .until(
                        () ->
                                server.clientFrames(connection).stream()
                                                .filter("PING"::equals)
                                                .count()
                                        >= 2);

        List<String> frames = server.clientFrames(connection);
        JsonNode first = json(frames.get(0));
        assertThat(first).isNotNull();
        assertThat(first.get("type").asText()).isEqualTo("market");
        assertThat(first.get("initial_dump").asBoolean()).isTrue();
        assertThat(first.get("custom_feature_enabled").asBoolean()).isTrue();
        assertThat(first.get("assets_ids").toString()).isEqualTo("[\"" + YES + "\"]");
        assertThat(frames.subList(1, frames.size())).containsOnly("PING");
        PriceTick snapshot = recorder.ticksFor(YES).get(0);
        assertThat(snapshot.price()).isEqualTo(new BigDecimal("0.5"));
        assertThat(snapshot.bestBid()).isEqualTo(new BigDecimal("0.48"));
        assertThat(snapshot.bestAsk()).isEqualTo(new BigDecimal("0.52"));
        assertThat(snapshot.source()).isEqualTo(PriceSource.WS);
        assertThat(snapshot.conditionId()).isEqualTo(MARKET);
    }

    @Test
    void shouldBatchLaterSubscriptionsIntoOneOperation() {
        startClient(config(), YES);
        await().atMost(WAIT).until(() -> recorder.ticksFor(YES).size() >= 1);

        client.subscribe(List.of(NO));
        client.subscribe(List.of("7003"));

        await().atMost(WAIT).until(() -> recorder.ticksFor(NO).size() >= 1);
        assertThat(log("initial")).hasSize(1);
        assertThat(log("initial").get(0).tokens()).containsExactly(YES);
        // both calls fell into one batch
        assertThat(log("subscribe")).hasSize(1);
        assertThat(log("subscribe").get(0).tokens()).containsExactly(NO, "7003");
        assertThat(server.clientFrames()).filteredOn(f -> f.text().contains("\"type\"")).hasSize(1);
        assertThat(server.clientFrames().get(0).text())
                .isEqualTo(
                        "{\"assets_ids\":[\""
                                + YES
                                + "\"],\"type\":\"market\",\"initial_dump\":true,"
                                + "\"custom_feature_enabled\":true}");
    }

    @Test
    void shouldOpenSocketsOnlyWhileThereAreTokens() {
        startClient(config());
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(2))
                .until(() -> server.connectionCount() == 0);

        client.subscribe(List.of(YES));
        await().atMost(WAIT).until(() -> recorder.ticksFor(YES).size() >= 1);
        assertThat(log("initial"))
                .singleElement()
                .satisfies(r -> assertThat(r.tokens()).containsExactly(YES));

        client.unsubscribe(List.of(YES));
        server.awaitConnections(0, WAIT);
        await().during(Duration.ofMillis(1_000))
                .atMost(Duration.ofSeconds(3))
                .until(() -> server.connectionCount() == 0);
        assertThat(client.stats().reconnects()).isZero();
        assertThat(client.stats().connections()).isZero();

        client.subscribe(List.of(NO));
        await().atMost(WAIT).until(() -> recorder.ticksFor(NO).size() >= 1);
        assertThat(log("initial")).hasSize(2);
        assertThat(log("initial").get(1).tokens()).containsExactly(NO);
        assertThat(server.connectionIds()).hasSize(1);
    }

    @Test
    void shouldKeepHealthyConnectionsOpenWhilePingsAreAnswered() {
        startClient(config(), YES);
        server.awaitConnections(1, WAIT);

        await().during(Duration.ofMillis(2_500))
                .atMost(Duration.ofSeconds(4))
                .until(() -> client.stats().reconnects() == 0 && server.connectionCount() == 1);

        assertThat(client.stats().pongTimeouts()).isZero();
        assertThat(server.clientFrames())
                .filteredOn(f -> f.text().equals("PING"))
                .hasSizeGreaterThan(5);
    }

    @Test
    void shouldUnsubscribeAndDropTheTokensEvents() {
        startClient(config(), YES, NO);
        await().atMost(WAIT).until(() -> recorder.ticksFor(NO).size() >= 1);

        client.unsubscribe(List.of(NO));
        server.awaitUnsubscribed(NO, WAIT);
        server.priceChange(YES, Side.BUY, "0.49", "5");

        await().atMost(WAIT).until(() -> recorder.ticksFor(YES).size() >= 2);
        assertThat(recorder.ticksFor(NO)).hasSize(1);
        assertThat(log("unsubscribe")).hasSize(1);
        assertThat(log("unsubscribe").get(0).tokens()).containsExactly(NO);
        assertThat(client.subscribedTokens()).containsExactly(YES);
        PriceTick last = recorder.last(YES);
        assertThat(last.kind()).isIn(TickKind.PRICE_CHANGE, TickKind.BEST_BID_ASK);
        assertThat(last.bestBid()).isEqualTo(new BigDecimal("0.49"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1006, 1000})
    void shouldReconnectResubscribeAndRebuildBooksAfterADrop(int closeCode) {
        startClient(config(), YES);
        await().atMost(WAIT).until(() -> recorder.ticksFor(YES).size() >= 1);
        int firstConnection = server.connectionIds().get(0);

        server.freeze(true); // keep the new socket's snapshot back until the book changed
        server.dropAll(closeCode);
        await().atMost(WAIT)
                .until(
                        () ->
                                !server.connectionIds().isEmpty()
                                        && server.connectionIds().get(0) != firstConnection);
        server.priceChange(YES, Side.SELL, "0.50", "4"); // while no client hears it
        server.freeze(false);
        // the rebuilt book must come from a snapshot: drop and reconnect once more to get one
        server.dropAll(closeCode);
        await().atMost(WAIT)
                .until(
                        () ->
                                recorder.ticksFor(YES).stream()
                                        .anyMatch(
                                                t ->
                                                        t.kind() == TickKind.BOOK
                                                                && new BigDecimal("0.5")
                                                                        .equals(t.bestAsk())));

        assertThat(log("initial")).hasSizeGreaterThanOrEqualTo(3);
        assertThat(log("initial")).allSatisfy(r -> assertThat(r.tokens()).containsExactly(YES));
        assertThat(client.stats().reconnects()).isGreaterThanOrEqualTo(2);
        PriceTick rebuilt = recorder.last(YES);
        assertThat(rebuilt.price()).isEqualTo(new BigDecimal("0.49"));
        assertThat(recorder.states())
                .containsSubsequence(
                        ConnectionState.CONNECTING,
                        ConnectionState.OPEN,
                        ConnectionState.DISCONNECTED,
                        ConnectionState.CONNECTING,
                        ConnectionState.OPEN);
    }

    @Test
    void shouldOpenANewSocketWhenPongsStop() {
        startClient(config(), YES);
        server.awaitConnections(1, WAIT);
        int firstConnection = server.connectionIds().get(0);

        server.answerPings(false);
        await().atMost(WAIT).until(() -> client.stats().pongTimeouts() >= 1);
        server.answerPings(true);

        await().atMost(WAIT)
                .until(
                        () ->
                                server.connectionCount() == 1
                                        && server.connectionIds().get(0) != firstConnection);
        await().atMost(WAIT).until(() -> log("initial").size() >= 2);
        assertThat(recorder.reasons()).anyMatch(r -> r.contains("no PONG"));
    }

    @Test
    void shouldOpenANewSocketWhenDataStopsButNotWhileItFlows() throws Exception {
        startClient(config().withDataTimeout(Duration.ofMillis(800)), YES);
        await().atMost(WAIT).until(() -> recorder.ticksFor(YES).size() >= 1);
        ScheduledExecutorService market = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger size = new AtomicInteger(1);
        try {
            market.scheduleAtFixedRate(
                    () ->
                            server.priceChange(
                                    YES,
                                    Side.BUY,
                                    "0.41",
                                    Integer.toString(size.incrementAndGet())),
                    0,
                    150,
                    TimeUnit.MILLISECONDS);

            await().during(Duration.ofMillis(2_000))
                    .atMost(Duration.ofSeconds(4))
                    .until(() -> client.stats().dataTimeouts() == 0);

            server.freeze(true); // PING still answered: the silent freeze
            await().atMost(WAIT).until(() -> client.stats().dataTimeouts() >= 1);
            assertThat(client.stats().pongTimeouts()).isZero();
            server.freeze(false);
            int ticks = recorder.ticksFor(YES).size();
            await().atMost(WAIT).until(() -> recorder.ticksFor(YES).size() > ticks + 2);
        } finally {
            market.shutdownNow();
            market.awaitTermination(5, TimeUnit.SECONDS);
        }
        assertThat(recorder.reasons()).anyMatch(r -> r.contains("no data"));
    }

    @Test
    void shouldNeverReconnectAfterADeliberateClose() {
        startClient(config(), YES);
        server.awaitConnections(1, WAIT);

        client.close();

        server.awaitConnections(0, WAIT);
        await().during(Duration.ofMillis(1_000))
                .atMost(Duration.ofSeconds(3))
                .until(() -> server.connectionCount() == 0 && log("initial").size() == 1);
        assertThat(recorder.states())
                .containsExactly(
                        ConnectionState.CONNECTING, ConnectionState.OPEN, ConnectionState.CLOSED);
    }

    @Test
    void shouldShardTokensOverConnections() {
        List<String> tokens = List.of("1", "2", "3", "4", "5");
        startClient(config().withTokensPerConnection(2), tokens.toArray(String[]::new));

        await().atMost(WAIT).until(() -> server.subscribedTokens().containsAll(tokens));
        assertThat(server.subscriptionsByConnection()).hasSize(3);
        assertThat(server.subscriptionsByConnection().values()).allMatch(s -> s.size() <= 2);
        assertThat(client.stats().connections()).isEqualTo(3);

        client.unsubscribe(List.of("1", "2", "3"));

        await().atMost(WAIT).until(() -> server.connectionCount() == 2);
        await().atMost(WAIT).until(() -> server.subscribedTokens().equals(Set.of("4", "5")));
        client.subscribe(List.of("6", "7"));
        await().atMost(WAIT).until(() -> server.subscribedTokens().containsAll(List.of("6", "7")));
        assertThat(server.subscriptionsByConnection().values()).allMatch(s -> s.size() <= 2);
    }

    @Test
    void shouldRefuseOversizedFramesWithoutCrashing() {
        startClient(config().withMaxFrameBytes(4096), YES);
        await().atMost(WAIT).until(() -> recorder.ticksFor(YES).size() >= 1);

        server.sendRaw("[" + "{\"event_type\":\"noise\"},".repeat(400) + "{}]");

        await().atMost(WAIT).until(() -> client.stats().oversizedFrames() >= 1);
        await().atMost(WAIT).until(() -> server.connectionCount() == 1);
        server.awaitSubscribed(YES, WAIT);
        int before = recorder.ticksFor(YES).size();
        server.priceChange(YES, Side.BUY, "0.47", "3");
        await().atMost(WAIT).until(() -> recorder.ticksFor(YES).size() > before);
    }

    @Test
    void shouldJoinFragmentsUpToTheLimitAndDropLargerMessagesKeepingTheSocket() {
        startClient(config().withMaxFrameBytes(4096), YES);
        await().atMost(WAIT).until(() -> recorder.ticksFor(YES).size() >= 1);
        String trade =
                "{\"asset_id\":\""
                        + YES
                        + "\",\"event_type\":\"last_trade_price\",\"price\":\"0.51\","
                        + "\"size\":\"2\",\"side\":\"BUY\",\"timestamp\":\"1\"}";
        String padded = "[" + "{\"event_type\":\"noise\"},".repeat(300) + trade + "]";

        server.sendRawFragmented(padded, 1_000); // ~7.7 KB in 1 KB fragments: over the limit
        server.sendRawFragmented(trade, 40); // small, in many fragments

        await().atMost(WAIT)
                .until(
                        () ->
                                recorder.ticksFor(YES).stream()
                                        .anyMatch(t -> t.kind() == TickKind.LAST_TRADE));
        assertThat(client.stats().oversizedFrames()).isEqualTo(1);
        assertThat(recorder.ticksFor(YES))
                .filteredOn(t -> t.kind() == TickKind.LAST_TRADE)
                .hasSize(1);
        assertThat(client.stats().reconnects()).isZero();
        assertThat(client.stats().parseErrors()).isZero();
    }

    @Test
    void shouldSpeakTlsForWssUrls() throws Exception {
        try (FakePolymarketServer tls =
                FakePolymarketServer.start(FakePolymarketServer.Options.defaults().withTls())) {
            tls.addBinaryMarket(MARKET, YES, NO, levels("0.40", "1"), levels("0.44", "1"));
            MarketChannelConfig config = config().withUrl(tls.wsUrl());
            // trust the self-signed certificate; it names localhost, the URL says 127.0.0.1
            SslContext trusting =
                    SslContextBuilder.forClient()
                            .trustManager(tls.certificate())
                            .endpointIdentificationAlgorithm(null)
                            .build();
            assertThat(config.url().getScheme()).isEqualTo("wss");
            client =
                    MarketChannelClient.builder(config)
                            .listener(recorder)
                            .sslContext(trusting)
                            .build();
            client.subscribe(List.of(YES));
            client.start();

            await().atMost(WAIT).until(() -> recorder.ticksFor(YES).size() >= 1);
            assertThat(recorder.last(YES).price()).isEqualTo(new BigDecimal("0.42"));
            client.close();
        }
    }

    @Test
    void shouldRefuseAnUntrustedTlsServer() {
        try (FakePolymarketServer tls =
                FakePolymarketServer.start(FakePolymarketServer.Options.defaults().withTls())) {
            client = new MarketChannelClient(config().withUrl(tls.wsUrl()), recorder);
            client.subscribe(List.of(YES));
            client.start();

            await().atMost(WAIT).until(() -> client.stats().reconnects() >= 1);
            assertThat(tls.connectionCount()).isZero();
            assertThat(recorder.reasons())
                    .anyMatch(
                            r ->
                                    r.contains("SSL")
                                            || r.contains("certificate")
                                            || r.contains("PKIX"));
            client.close();
        }
    }

    @Test
    void shouldCountGarbageAndCarryOn() {
        startClient(config(), YES);
        await().atMost(WAIT).until(() -> recorder.ticksFor(YES).size() >= 1);

        server.sendRaw("{\"event_type\":\"book\"");
        server.sendRaw("hello");
        server.sendRaw("NO NEW ASSETS");
        server.priceChange(YES, Side.BUY, "0.47", "3");

        await().atMost(WAIT).until(() -> recorder.ticksFor(YES).size() >= 2);
        assertThat(client.stats().parseErrors()).isEqualTo(2);
        assertThat(client.stats().reconnects()).isZero();
    }

    @Test
    void shouldPauseReadingWithoutTrippingTheWatchdogs() {
        startClient(config(), YES);
        await().atMost(WAIT).until(() -> recorder.ticksFor(YES).size() >= 1);

        client.setAutoRead(false);
        await().atMost(WAIT).until(client::isReadingPaused);
        int before = recorder.ticksFor(YES).size();
        server.priceChange(YES, Side.BUY, "0.47", "3");

        // longer than the pong timeout: a paused socket is not a dead one
        await().during(Duration.ofMillis(1_500))
                .atMost(Duration.ofSeconds(3))
                .until(
                        () ->
                                recorder.ticksFor(YES).size() == before
                                        && client.stats().reconnects() == 0);

        client.setAutoRead(true);
        await().atMost(WAIT).until(() -> recorder.ticksFor(YES).size() > before);
        assertThat(client.stats().reconnects()).isZero();
    }

    @Test
    void shouldDeliverTradesAndResolutions() {
        startClient(config(), YES, NO);
        await().atMost(WAIT).until(() -> recorder.ticksFor(NO).size() >= 1);

        server.trade(YES, "0.52", "12", Side.BUY);
        server.resolveMarket(MARKET, YES);

        await().atMost(WAIT)
                .until(
                        () ->
                                recorder.ticksFor(NO).stream()
                                        .anyMatch(t -> t.kind() == TickKind.RESOLVED));
        assertThat(recorder.ticksFor(YES))
                .filteredOn(t -> t.kind() == TickKind.LAST_TRADE)
                .singleElement()
                .satisfies(t -> assertThat(t.tradeSize()).isEqualTo(new BigDecimal("12")));
        assertThat(recorder.last(YES).price()).isEqualTo(BigDecimal.ONE);
        assertThat(recorder.last(NO).price()).isEqualTo(BigDecimal.ZERO);
    }

    // ---------------------------------------------------------------------------------------

    /** Collects what the client delivers (called on the Netty thread). */
    static final class Recorder implements MarketChannelListener {
        private final ConcurrentLinkedQueue<PriceTick> ticks = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<ConnectionStateChange> changes =
                new ConcurrentLinkedQueue<>();

        @Override
        public void onTicks(List<PriceTick> batch) {
            ticks.addAll(batch);
        }

        @Override
        public void onConnectionStateChanged(ConnectionStateChange change) {
            changes.add(change);
        }

        List<PriceTick> ticksFor(String token) {
            return ticks.stream().filter(t -> t.tokenId().equals(token)).toList();
        }

        PriceTick last(String token) {
            List<PriceTick> all = ticksFor(token);
            return all.isEmpty() ? null : all.get(all.size() - 1);
        }

        List<ConnectionState> states() {
            return changes.stream().map(ConnectionStateChange::state).toList();
        }

        List<String> reasons() {
            return changes.stream().map(ConnectionStateChange::reason).toList();
        }
    }
}
