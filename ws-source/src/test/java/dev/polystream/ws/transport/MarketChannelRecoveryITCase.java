package dev.polystream.ws.transport;

import static dev.polystream.ws.testing.FakePolymarketServer.levels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.polystream.ws.PriceSource;
import dev.polystream.ws.PriceTick;
import dev.polystream.ws.TickKind;
import dev.polystream.ws.protocol.ParseErrorKind;
import dev.polystream.ws.protocol.Side;
import dev.polystream.ws.testing.FakePolymarketServer;
import dev.polystream.ws.testing.FakePolymarketServer.SubscriptionRecord;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each failure hook of the fake server against the client on a real loopback socket: the client
 * recovers (new socket, re-subscription, books rebuilt from a snapshot, or REST while the socket is
 * down), and no tick it publishes meanwhile carries a top of book the exchange never had.
 */
class MarketChannelRecoveryITCase {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String MARKET = "0x" + "ef".repeat(32);
    private static final String YES = "8001";
    private static final String NO = "8002";
    private static final long T0 = 1_790_000_000_000L;

    private FakePolymarketServer server;
    private MarketChannelClient client;
    private final Recorder recorder = new Recorder();

    @BeforeEach
    void startServer() {
        server = FakePolymarketServer.start();
        addMarket(server);
    }

    /** A clock that ticks on every event makes the fake's top history exact in time. */
    private static void addMarket(FakePolymarketServer server) {
        server.setClock(new AtomicLong(T0)::incrementAndGet);
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

    /** Fast heartbeat, back-off, snapshot watchdog and REST fallback; patient data watchdog. */
    private MarketChannelConfig config() {
        return MarketChannelConfig.defaults(server.wsUrl()).toBuilder()
                .pingInterval(Duration.ofMillis(200))
                .pongTimeout(Duration.ofSeconds(1))
                .dataTimeout(Duration.ofSeconds(60))
                .backoffInitial(Duration.ofMillis(50))
                .backoffMax(Duration.ofMillis(400))
                .subscribeBatchDelay(Duration.ofMillis(50))
                .snapshotTimeout(Duration.ofMillis(500))
                .restUrl(server.restUrl())
                .fallbackAfter(Duration.ofMillis(500))
                .restPollInterval(Duration.ofMillis(200))
                .restCheckInterval(Duration.ZERO) // on in its own test only
                .build();
    }

    private void startClient(MarketChannelConfig config, String... tokens) {
        client = new MarketChannelClient(config, recorder);
        client.subscribe(List.of(tokens));
        client.start();
    }

    private List<SubscriptionRecord> log(String operation) {
        return server.subscriptionLog().stream()
                .filter(r -> r.operation().equals(operation))
                .toList();
    }

    private void awaitBook(String token) {
        await().atMost(WAIT).until(() -> recorder.count(token, TickKind.BOOK, PriceSource.WS) > 0);
    }

    /** The client's latest top for {@code token} is the fake's current one. */
    private boolean inLine(String token) {
        PriceTick last = recorder.last(token);
        return last != null
                && same(last.bestBid(), server.bestBid(token))
                && same(last.bestAsk(), server.bestAsk(token));
    }

    private static boolean same(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }

    /**
     * Every published top is the one the fake's book had at the tick's exchange time; inside a
     * matching burst (one timestamp, a locked top on the wire) the top from before the burst.
     */
    private void assertNoWrongTop() {
        List<PriceTick> all = recorder.all();
        assertThat(all).isNotEmpty();
        List<Long> bursts = server.burstTimes();
        for (PriceTick tick : all) {
            if (tick.kind() == TickKind.RESOLVED) {
                continue;
            }
            long at = tick.exchangeTimeMs();
            FakePolymarketServer.Top top = server.topAt(tick.tokenId(), at);
            if (bursts.contains(at) && !top.sameAs(tick.bestBid(), tick.bestAsk())) {
                top = server.topAt(tick.tokenId(), at - 1);
            }
            assertThat(top)
                    .as("the book of %s at %s", tick.tokenId(), tick.exchangeTimeMs())
                    .isNotNull();
            assertThat(top.sameAs(tick.bestBid(), tick.bestAsk()))
                    .as(
                            "published %s / %s, the book had %s: %s",
                            tick.bestBid(), tick.bestAsk(), top, tick)
                    .isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1006, 1000, 1008})
    void shouldReconnectResubscribeAndRebuildBooksAfterADrop(int closeCode) {
        startClient(config(), YES, NO);
        awaitBook(YES);
        awaitBook(NO);

        server.refuseConnections(true); // keep the client out while the book changes
        server.dropAll(closeCode);
        await().atMost(WAIT).until(() -> client.stats().openConnections() == 0);
        server.priceChange(YES, Side.BUY, "0.50", "4");
        server.refuseConnections(false);

        await().atMost(WAIT)
                .until(
                        () ->
                                recorder.ticks(YES).stream()
                                        .anyMatch(
                                                t ->
                                                        t.kind() == TickKind.BOOK
                                                                && t.source() == PriceSource.WS
                                                                && same(
                                                                        t.bestBid(),
                                                                        new BigDecimal("0.50"))));
        ReconnectCause cause =
                closeCode == 1006 ? ReconnectCause.CONNECTION_LOST : ReconnectCause.SERVER_CLOSED;
        assertThat(client.stats().reconnects(cause)).isEqualTo(1);
        assertThat(log("initial")).hasSize(2);
        assertThat(log("initial"))
                .allSatisfy(r -> assertThat(r.tokens()).containsExactlyInAnyOrder(YES, NO));
        await().atMost(WAIT).until(() -> inLine(YES) && inLine(NO));
        assertNoWrongTop();
    }

    @Test
    void shouldForgetBooksOnDisconnectSoThatNoStaleLevelPricesAToken() {
        startClient(config(), YES, NO);
        awaitBook(YES);
        awaitBook(NO);
        server.legacySchema(true); // tops come from the levels: stale levels would show

        server.refuseConnections(true);
        server.dropAll(1006);
        await().atMost(WAIT).until(() -> client.stats().openConnections() == 0);
        server.priceChange(YES, Side.BUY, "0.50", "4"); // NO's ask becomes 0.50 meanwhile
        server.snapshotCap(1); // the new socket gets YES's snapshot only
        server.refuseConnections(false);
        await().atMost(WAIT).until(() -> recorder.count(YES, TickKind.BOOK, PriceSource.WS) >= 2);
        server.priceChange(YES, Side.SELL, "0.51", "5"); // NO: a bid at 0.49

        await().atMost(WAIT)
                .until(() -> inLine(YES) && client.stats().feed().partialBookUpdates() >= 1);
        // NO is priced again, by REST, once its snapshot is given up
        await().atMost(WAIT)
                .until(() -> inLine(NO) && recorder.last(NO).source() == PriceSource.POLL);
        assertNoWrongTop();
    }

    @Test
    void shouldNeverPublishTheLockedTopOfAMatchingBurst() {
        startClient(config(), YES, NO);
        awaitBook(YES);
        awaitBook(NO);

        server.lockedBurst(YES);

        await().atMost(WAIT)
                .until(() -> recorder.count(YES, TickKind.LAST_TRADE, PriceSource.WS) == 1);
        await().atMost(WAIT).until(() -> inLine(YES) && inLine(NO));
        assertThat(recorder.last(YES).bestAsk()).isNull(); // the only ask was taken
        assertThat(client.stats().feed().crossedTopsRefused()).isEqualTo(2);
        assertNoWrongTop();
    }

    @Test
    void shouldReplaceASilentlyFrozenSocketAndRebuildFromItsSnapshot() {
        startClient(config().withDataTimeout(Duration.ofMillis(800)), YES);
        awaitBook(YES);

        server.freeze(true); // PING still answered
        server.priceChange(YES, Side.SELL, "0.51", "7"); // lost on the frozen socket
        await().atMost(WAIT).until(() -> client.stats().dataTimeouts() >= 1);
        server.freeze(false);

        await().atMost(WAIT)
                .until(
                        () ->
                                recorder.ticks(YES).stream()
                                        .anyMatch(
                                                t ->
                                                        t.kind() == TickKind.BOOK
                                                                && t.source() == PriceSource.WS
                                                                && same(
                                                                        t.bestAsk(),
                                                                        new BigDecimal("0.51"))));
        assertThat(client.stats().pongTimeouts()).isZero();
        assertThat(log("initial").size()).isGreaterThanOrEqualTo(2);
        assertNoWrongTop();
    }

    @Test
    void shouldSubscribeAgainATokenWhoseUpdatesNeverStart() {
        startClient(config(), YES);
        awaitBook(YES);

        server.freezeToken(NO, true);
        client.subscribe(List.of(NO));

        awaitBook(NO);
        assertThat(client.stats().snapshotRetries()).isGreaterThanOrEqualTo(1);
        List<SubscriptionRecord> changes = server.subscriptionLog();
        assertThat(changes)
                .extracting(SubscriptionRecord::operation)
                .containsSubsequence("subscribe", "unsubscribe", "subscribe");
        assertThat(log("unsubscribe").get(0).tokens()).containsExactly(NO);
        server.priceChange(NO, Side.BUY, "0.49", "3");
        await().atMost(WAIT).until(() -> inLine(NO));
        assertThat(client.stats().reconnects()).isZero();
        assertNoWrongTop();
    }

    @Test
    void shouldSubscribeAgainATokenWhoseUpdatesStopAfterItsSnapshot() {
        startClient(
                config().toBuilder().restCheckInterval(Duration.ofMillis(300)).build(), YES, NO);
        awaitBook(YES);
        awaitBook(NO);

        server.freezeToken(YES, true);
        server.priceChange(YES, Side.BUY, "0.50", "4"); // NO hears its half, YES nothing

        await().atMost(WAIT).until(() -> client.stats().staleBooks() == 1);
        await().atMost(WAIT).until(() -> inLine(YES) && inLine(NO));
        assertThat(recorder.last(YES).kind()).isEqualTo(TickKind.BOOK);
        assertThat(log("unsubscribe"))
                .singleElement()
                .satisfies(r -> assertThat(r.tokens()).containsExactly(YES));
        assertThat(client.stats().reconnects()).isZero();
        assertThat(client.stats().restChecks()).isGreaterThanOrEqualTo(2);
        assertNoWrongTop();
    }

    @Test
    void shouldToleratePongsLateWithinTheTimeoutAndReplaceTheSocketBeyondIt() {
        startClient(config(), YES);
        awaitBook(YES);

        server.pongDelay(Duration.ofMillis(300));
        await().during(Duration.ofMillis(1_500))
                .atMost(Duration.ofSeconds(3))
                .until(() -> client.stats().reconnects() == 0);

        server.pongDelay(Duration.ofSeconds(3));
        await().atMost(WAIT).until(() -> client.stats().pongTimeouts() >= 1);
        server.pongDelay(Duration.ZERO);

        await().atMost(WAIT).until(() -> recorder.count(YES, TickKind.BOOK, PriceSource.WS) >= 2);
        assertThat(log("initial")).hasSizeGreaterThanOrEqualTo(2);
        assertNoWrongTop();
    }

    @Test
    void shouldReadArrayFramesAndSkipUnknownEvents() {
        startClient(config(), YES, NO);
        awaitBook(NO);
        server.arrayFrames(true);
        server.unknownEvents(true);

        server.priceChange(YES, Side.BUY, "0.49", "3");
        server.priceChange(YES, Side.SELL, "0.50", "3");
        server.trade(YES, "0.50", "2", Side.BUY);

        await().atMost(WAIT).until(() -> inLine(YES) && inLine(NO));
        await().atMost(WAIT).until(() -> client.stats().feed().unknownEvents() >= 3);
        ClientStats stats = client.stats();
        assertThat(stats.feed().events("price_change")).isGreaterThanOrEqualTo(2);
        assertThat(stats.feed().events("last_trade_price")).isEqualTo(1);
        assertThat(stats.feed().events("unknown")).isEqualTo(stats.feed().unknownEvents());
        assertThat(stats.parseErrors()).isZero();
        assertThat(stats.reconnects()).isZero();
        assertThat(recorder.last(YES).price()).isEqualByComparingTo("0.495");
        assertNoWrongTop();
    }

    @Test
    void shouldApplyTheLegacySchemaFromTheLevels() {
        startClient(config(), YES, NO);
        awaitBook(NO);
        server.legacySchema(true);

        server.priceChange(YES, Side.SELL, "0.51", "5");
        server.priceChange(YES, Side.BUY, "0.48", "0");

        await().atMost(WAIT).until(() -> inLine(YES) && inLine(NO));
        assertThat(recorder.last(YES).bestBid()).isEqualByComparingTo("0.40");
        assertThat(recorder.last(YES).bestAsk()).isEqualByComparingTo("0.51");
        assertThat(client.stats().parseErrors()).isZero();
        // the legacy message hash verifies too
        assertThat(client.stats().hashMismatches()).isZero();
        assertThat(client.stats().feed().hashChecks()).isGreaterThanOrEqualTo(6);
        assertNoWrongTop();
    }

    @Test
    void shouldAskForAFreshSnapshotWhenHashesKeepFailing() {
        startClient(config(), YES);
        awaitBook(YES);
        server.corruptHashes(YES, true);

        for (int i = 1; i <= 3; i++) {
            server.priceChange(YES, Side.BUY, "0.4" + i, "5");
        }

        await().atMost(WAIT).until(() -> recorder.count(YES, TickKind.BOOK, PriceSource.WS) >= 2);
        assertThat(client.stats().feed().hashResyncs()).isEqualTo(1);
        assertThat(log("unsubscribe"))
                .singleElement()
                .satisfies(r -> assertThat(r.tokens()).containsExactly(YES));
        assertThat(client.stats().reconnects()).isZero();
        assertNoWrongTop();
    }

    @Test
    void shouldRebuildABookThatDriftedAfterALostUpdate() {
        startClient(config(), YES);
        awaitBook(YES);
        // the best bid goes and the client never hears of it: its levels still show 0.48
        server.applySilently(YES, Side.BUY, "0.48", "0");

        for (int i = 1; i <= 3; i++) {
            server.priceChange(YES, Side.SELL, "0.5" + (2 + i), "5");
        }
        await().atMost(WAIT).until(() -> recorder.count(YES, TickKind.BOOK, PriceSource.WS) >= 2);
        long mismatches = client.stats().hashMismatches();
        assertThat(mismatches).isGreaterThanOrEqualTo(3);

        // rebuilt: later hashes verify again
        for (int i = 4; i <= 6; i++) {
            server.priceChange(YES, Side.BUY, "0.4" + i, "5");
        }
        await().atMost(WAIT)
                .until(() -> recorder.count(YES, TickKind.PRICE_CHANGE, PriceSource.WS) >= 6);
        assertThat(client.stats().hashMismatches()).isEqualTo(mismatches);
        assertThat(client.stats().feed().hashChecks()).isGreaterThan(mismatches + 3);
        assertNoWrongTop();
    }

    @Test
    void shouldOpenANewSocketWhenTheServerRefusesASubscription() {
        startClient(config(), YES);
        awaitBook(YES);
        server.rejectOperations(true);

        client.subscribe(List.of(NO));

        awaitBook(NO);
        assertThat(client.stats().reconnects(ReconnectCause.SUBSCRIPTION_REFUSED)).isEqualTo(1);
        assertThat(client.stats().feed().invalidOperations()).isEqualTo(1);
        assertThat(log("initial")).hasSize(2);
        assertThat(log("initial").get(1).tokens()).containsExactlyInAnyOrder(YES, NO);
        assertNoWrongTop();
    }

    @Test
    void shouldReconnectAfterAnOversizedFrame() {
        startClient(config().withMaxFrameBytes(4096), YES);
        awaitBook(YES);

        server.sendOversizedFrame(16 * 1024);

        await().atMost(WAIT).until(() -> recorder.count(YES, TickKind.BOOK, PriceSource.WS) >= 2);
        assertThat(client.stats().reconnects(ReconnectCause.OVERSIZED_FRAME)).isEqualTo(1);
        assertThat(client.stats().oversizedFrames()).isEqualTo(1);
        server.priceChange(YES, Side.BUY, "0.47", "3");
        await().atMost(WAIT).until(() -> inLine(YES));
        assertNoWrongTop();
    }

    @Test
    void shouldCountGarbageByKind() {
        startClient(config(), YES);
        awaitBook(YES);

        server.sendRaw("{\"event_type\":\"book\"");
        server.sendRaw("hello");
        server.sendRaw("{\"asset_id\":\"1\"}");
        server.priceChange(YES, Side.BUY, "0.47", "3");

        await().atMost(WAIT).until(() -> inLine(YES));
        ClientStats stats = client.stats();
        assertThat(stats.feed().parseErrors(ParseErrorKind.INVALID_JSON)).isEqualTo(1);
        assertThat(stats.feed().parseErrors(ParseErrorKind.UNKNOWN_TEXT)).isEqualTo(1);
        assertThat(stats.feed().parseErrors(ParseErrorKind.MISSING_EVENT_TYPE)).isEqualTo(1);
        assertThat(stats.reconnects()).isZero();
    }

    @Test
    void shouldPollOverRestWhileTheSocketIsDownAndStopWhenItIsBack() {
        startClient(config(), YES, NO);
        awaitBook(YES);
        awaitBook(NO);

        server.refuseConnections(true);
        server.dropAll(1006);
        await().atMost(WAIT).until(() -> recorder.count(YES, TickKind.BOOK, PriceSource.POLL) > 0);
        server.priceChange(YES, Side.BUY, "0.50", "4"); // heard only through REST
        await().atMost(WAIT)
                .until(
                        () -> {
                            PriceTick last = recorder.last(YES);
                            return last.source() == PriceSource.POLL
                                    && same(last.bestBid(), new BigDecimal("0.50"));
                        });
        assertThat(client.stats().fallbackTokens()).isEqualTo(2);
        assertThat(recorder.last(NO).source()).isEqualTo(PriceSource.POLL);
        assertThat(server.restRequests()).allSatisfy(r -> assertThat(r.path()).isEqualTo("/books"));

        server.refuseConnections(false);
        await().atMost(WAIT)
                .until(
                        () ->
                                recorder.last(YES).source() == PriceSource.WS
                                        && recorder.last(NO).source() == PriceSource.WS);
        await().atMost(WAIT).until(() -> client.stats().fallbackTokens() == 0);
        int polled = recorder.count(YES, TickKind.BOOK, PriceSource.POLL);
        int requests = server.restRequests().size();
        server.priceChange(YES, Side.BUY, "0.49", "9");
        await().during(Duration.ofMillis(800))
                .atMost(Duration.ofSeconds(3))
                .until(
                        () ->
                                recorder.count(YES, TickKind.BOOK, PriceSource.POLL) == polled
                                        && server.restRequests().size() <= requests + 1);
        await().atMost(WAIT).until(() -> inLine(YES));
        assertThat(client.stats().fallbackPolls()).isGreaterThan(0);
        assertNoWrongTop();
    }

    @Test
    void shouldPollTokensBeyondTheServersSnapshotCap() {
        server.close();
        server =
                FakePolymarketServer.start(
                        FakePolymarketServer.Options.defaults().withSnapshotCap(1));
        addMarket(server);
        startClient(config(), YES, NO);

        awaitBook(YES);
        await().atMost(WAIT).until(() -> recorder.count(NO, TickKind.BOOK, PriceSource.POLL) > 0);
        await().atMost(WAIT).until(() -> client.stats().snapshotsMissing() == 1);
        assertThat(recorder.count(NO, TickKind.BOOK, PriceSource.WS)).isZero();
        assertThat(client.stats().snapshotRetries()).isEqualTo(SnapshotWatchdog.SNAPSHOT_RETRIES);
        assertNoWrongTop();
    }

    @Test
    void shouldKeepEveryTokenUnderTheCapWhenShardedBelowIt() {
        server.close();
        server =
                FakePolymarketServer.start(
                        FakePolymarketServer.Options.defaults().withSnapshotCap(1));
        addMarket(server);
        startClient(config().withTokensPerConnection(1), YES, NO);

        awaitBook(YES);
        awaitBook(NO);
        assertThat(server.connectionCount()).isEqualTo(2);
        assertThat(client.stats().snapshotRetries()).isZero();
    }

    // ---------------------------------------------------------------------------------------

    /** Collects what the client delivers (called on Netty threads). */
    static final class Recorder implements MarketChannelListener {
        private final ConcurrentLinkedQueue<PriceTick> ticks = new ConcurrentLinkedQueue<>();

        @Override
        public void onTicks(List<PriceTick> batch) {
            ticks.addAll(batch);
        }

        List<PriceTick> all() {
            return new ArrayList<>(ticks);
        }

        List<PriceTick> ticks(String token) {
            return ticks.stream().filter(t -> t.tokenId().equals(token)).toList();
        }

        int count(String token, TickKind kind, PriceSource source) {
            return (int)
                    ticks.stream()
                            .filter(
                                    t ->
                                            t.tokenId().equals(token)
                                                    && t.kind() == kind
                                                    && t.source() == source)
                            .count();
        }

        PriceTick last(String token) {
            List<PriceTick> all = ticks(token);
            return all.isEmpty() ? null : all.get(all.size() - 1);
        }
    }
}
