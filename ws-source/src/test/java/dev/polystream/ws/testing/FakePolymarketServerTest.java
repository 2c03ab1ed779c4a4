package dev.polystream.ws.testing;

import static dev.polystream.ws.testing.FakePolymarketServer.levels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystream.ws.protocol.BookEvent;
import dev.polystream.ws.protocol.BookHasher;
import dev.polystream.ws.protocol.MarketMessageParser;
import dev.polystream.ws.protocol.ParsedFrame;
import dev.polystream.ws.protocol.PriceLevel;
import dev.polystream.ws.protocol.Side;
import dev.polystream.ws.testing.FakePolymarketServer.SubscriptionRecord;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake server on its own, driven by the JDK's WebSocket client (not our transport). */
class FakePolymarketServerTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration QUIET = Duration.ofMillis(300);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARKET = "0x" + "ab".repeat(32);
    private static final String YES = "1111";
    private static final String NO = "2222";
    private static final long T0 = 1_790_000_000_000L;

    private FakePolymarketServer server;

    @BeforeEach
    void startServer() {
        server = FakePolymarketServer.start();
        server.setTime(T0);
        server.addBinaryMarket(
                MARKET,
                YES,
                NO,
                levels("0.40", "100", "0.48", "30"),
                levels("0.55", "20", "0.52", "10"));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private JdkWebSocket connect() throws Exception {
        return new JdkWebSocket(server.wsUrl());
    }

    private static String initial(String... tokens) throws Exception {
        return "{\"assets_ids\":"
                + JSON.writeValueAsString(List.of(tokens))
                + ",\"type\":\"market\",\"initial_dump\":true,\"custom_feature_enabled\":true}";
    }

    @Test
    void shouldCloseWith1008WhenTheFirstFrameIsNotASubscription() throws Exception {
        try (JdkWebSocket ws = connect()) {
            ws.send("PING");

            JdkWebSocket.Closed closed = ws.awaitClosed(WAIT);

            assertThat(closed.code()).isEqualTo(1008);
            assertThat(closed.reason()).isEqualTo("invalid subscription payload");
        }
    }

    @Test
    void shouldAnswerTheInitialSubscriptionWithOneArrayOfHashedSnapshots() throws Exception {
        try (JdkWebSocket ws = connect()) {
            ws.send(initial(YES, NO, "9999"));

            String frame = ws.next(WAIT);

            JsonNode array = JSON.readTree(frame);
            assertThat(array.isArray()).isTrue();
            assertThat(array).hasSize(2);
            JsonNode yes = array.get(0);
            assertThat(yes.get("event_type").asText()).isEqualTo("book");
            assertThat(yes.get("asset_id").asText()).isEqualTo(YES);
            assertThat(yes.get("market").asText()).isEqualTo(MARKET);
            assertThat(yes.get("timestamp").asText()).isEqualTo(Long.toString(T0));
            assertThat(yes.get("tick_size").asText()).isEqualTo("0.01");
            assertThat(yes.get("last_trade_price").asText()).isEmpty();
            // live ordering: bids ascending, asks descending
            assertThat(yes.get("bids").toString())
                    .isEqualTo(
                            "[{\"price\":\"0.40\",\"size\":\"100\"},{\"price\":\"0.48\",\"size\":\"30\"}]");
            assertThat(yes.get("asks").toString())
                    .isEqualTo(
                            "[{\"price\":\"0.55\",\"size\":\"20\"},{\"price\":\"0.52\",\"size\":\"10\"}]");
            // NO mirrors YES: a NO bid at 1-p for every YES ask at p
            JsonNode no = array.get(1);
            assertThat(no.get("bids").toString())
                    .isEqualTo(
                            "[{\"price\":\"0.45\",\"size\":\"20\"},{\"price\":\"0.48\",\"size\":\"10\"}]");
            assertThat(no.get("asks").toString())
                    .isEqualTo(
                            "[{\"price\":\"0.60\",\"size\":\"100\"},{\"price\":\"0.52\",\"size\":\"30\"}]");
            for (JsonNode book : array) {
                assertThat(book.get("hash").asText()).isEqualTo(expectedHash(book));
            }
        }
    }

    @Test
    void shouldSendAnEmptyArrayForUnknownTokensAndNothingForNoTokens() throws Exception {
        try (JdkWebSocket unknown = connect();
                JdkWebSocket empty = connect()) {
            unknown.send(initial("9999"));
            empty.send(initial());

            assertThat(unknown.next(WAIT)).isEqualTo("[]");

            empty.send("PING");
            assertThat(empty.next(WAIT)).isEqualTo("PONG");
        }
    }

    @Test
    void shouldAnswerASecondInitialSubscriptionWithInvalidOperation() throws Exception {
        try (JdkWebSocket ws = connect()) {
            ws.send(initial(YES));
            ws.next(WAIT);

            ws.send(initial(NO));

            assertThat(ws.next(WAIT)).isEqualTo("INVALID OPERATION");
            assertThat(server.subscribedTokens()).containsExactly(YES);
        }
    }

    @Test
    void shouldAcceptTheRustSdkCombinedMessageAsInitial() throws Exception {
        try (JdkWebSocket ws = connect()) {
            ws.send(
                    Fixtures.polymarket(
                            "ws_requests/rs-clob-client_v1_market_subscribe_as_sent.json"));

            assertThat(ws.next(WAIT)).isEqualTo("[]");
            assertThat(server.subscribedTokens()).containsExactlyInAnyOrder("asset1", "asset2");
        }
    }

    @Test
    void shouldSubscribeAndUnsubscribeDynamically() throws Exception {
        try (JdkWebSocket ws = connect()) {
            ws.send(initial());
            ws.send("{\"operation\":\"subscribe\",\"assets_ids\":[\"" + NO + "\"]}");

            JsonNode snapshot = JSON.readTree(ws.next(WAIT));
            assertThat(snapshot).hasSize(1);
            assertThat(snapshot.get(0).get("asset_id").asText()).isEqualTo(NO);

            ws.send("{\"operation\":\"unsubscribe\",\"assets_ids\":[\"" + NO + "\"]}");
            server.awaitUnsubscribed(NO, WAIT);
            server.priceChange(YES, Side.BUY, "0.49", "5");

            assertThat(ws.next(QUIET)).isNull();
            List<SubscriptionRecord> log = server.subscriptionLog();
            assertThat(log)
                    .extracting(SubscriptionRecord::operation)
                    .containsExactly("initial", "subscribe", "unsubscribe");
            assertThat(log.get(1).tokens()).containsExactly(NO);
        }
    }

    @Test
    void shouldSendMirroredPriceChangesWithHashesAndBbo() throws Exception {
        try (JdkWebSocket ws = connect()) {
            ws.send(initial(YES));
            JsonNode snapshot = JSON.readTree(ws.next(WAIT)).get(0);

            server.priceChange(YES, Side.BUY, "0.50", "7", T0 + 5);

            JsonNode message = JSON.readTree(ws.next(WAIT));
            assertThat(message.get("event_type").asText()).isEqualTo("price_change");
            assertThat(message.get("timestamp").asText()).isEqualTo(Long.toString(T0 + 5));
            JsonNode yes = message.get("price_changes").get(0);
            JsonNode no = message.get("price_changes").get(1);
            assertThat(yes.get("asset_id").asText()).isEqualTo(YES);
            assertThat(yes.get("side").asText()).isEqualTo("BUY");
            assertThat(yes.get("best_bid").asText()).isEqualTo("0.50");
            assertThat(yes.get("best_ask").asText()).isEqualTo("0.52");
            assertThat(no.get("asset_id").asText()).isEqualTo(NO);
            assertThat(no.get("price").asText()).isEqualTo("0.50");
            assertThat(no.get("side").asText()).isEqualTo("SELL");
            assertThat(no.get("size").asText()).isEqualTo("7");
            assertThat(no.get("best_bid").asText()).isEqualTo("0.48");
            assertThat(no.get("best_ask").asText()).isEqualTo("0.50");
            // the entry hash is the token's book after the change, at the message timestamp
            List<PriceLevel> bids = levels("0.40", "100", "0.48", "30", "0.50", "7");
            List<PriceLevel> asks = levels("0.55", "20", "0.52", "10");
            assertThat(yes.get("hash").asText())
                    .isEqualTo(
                            BookHasher.hash(
                                    MARKET,
                                    YES,
                                    T0 + 5,
                                    bids,
                                    asks,
                                    "5",
                                    new BigDecimal("0.01"),
                                    false,
                                    null));
            assertThat(snapshot.get("hash").asText()).isNotEqualTo(yes.get("hash").asText());
            // custom features: the top moved, so best_bid_ask follows
            JsonNode bba = JSON.readTree(ws.next(WAIT));
            assertThat(bba.get("event_type").asText()).isEqualTo("best_bid_ask");
            assertThat(bba.get("best_bid").asText()).isEqualTo("0.50");
        }
    }

    @Test
    void shouldSendTradesThenFreshBooksAndUseTheTradeInLaterHashes() throws Exception {
        try (JdkWebSocket ws = connect()) {
            ws.send(initial(NO));
            ws.next(WAIT);

            server.trade(YES, "0.52", "3", Side.BUY, T0 + 9);

            JsonNode trade = JSON.readTree(ws.next(WAIT));
            assertThat(trade.get("event_type").asText()).isEqualTo("last_trade_price");
            assertThat(trade.get("asset_id").asText()).isEqualTo(YES);
            assertThat(trade.get("transaction_hash").asText()).startsWith("0x").hasSize(66);
            JsonNode book = JSON.readTree(ws.next(WAIT));
            assertThat(book.get("asset_id").asText()).isEqualTo(NO);
            assertThat(book.has("tick_size")).isFalse();
            assertThat(book.has("last_trade_price")).isFalse();
            assertThat(book.get("hash").asText())
                    .isEqualTo(
                            BookHasher.hash(
                                    MARKET,
                                    NO,
                                    T0 + 9,
                                    levels("0.45", "20", "0.48", "10"),
                                    levels("0.60", "100", "0.52", "30"),
                                    "5",
                                    new BigDecimal("0.01"),
                                    false,
                                    new BigDecimal("0.52")));
        }
    }

    @Test
    void shouldStopDataButStillAnswerPingWhenFrozen() throws Exception {
        try (JdkWebSocket ws = connect()) {
            ws.send(initial(YES));
            ws.next(WAIT);

            server.freeze(true);
            server.priceChange(YES, Side.BUY, "0.49", "5");
            ws.send("PING");

            assertThat(ws.next(WAIT)).isEqualTo("PONG");
            assertThat(ws.next(QUIET)).isNull();

            server.freeze(false);
            server.priceChange(YES, Side.BUY, "0.49", "6");
            assertThat(ws.next(WAIT)).contains("price_change");
        }
    }

    @Test
    void shouldAnswerProtocolPings() throws Exception {
        try (JdkWebSocket ws = connect()) {
            ws.send(initial());

            ws.sendProtocolPing("hello");

            assertThat(ws.nextPong(WAIT)).isEqualTo("hello");
        }
    }

    @Test
    void shouldLeavePingsUnansweredWhenAsked() throws Exception {
        try (JdkWebSocket ws = connect()) {
            ws.send(initial());
            server.answerPings(false);

            ws.send("PING");

            assertThat(ws.next(QUIET)).isNull();
        }
    }

    @Test
    void shouldDropConnectionsCleanlyOrAbruptly() throws Exception {
        try (JdkWebSocket clean = connect()) {
            clean.send(initial(YES));
            clean.next(WAIT);
            server.dropAll(1000);
            assertThat(clean.awaitClosed(WAIT).code()).isEqualTo(1000);
        }
        server.awaitConnections(0, WAIT);
        try (JdkWebSocket abrupt = connect()) {
            abrupt.send(initial(YES));
            abrupt.next(WAIT);
            server.dropAll(1006);
            assertThat(abrupt.awaitClosed(WAIT).code()).isEqualTo(1006);
        }
        server.awaitConnections(0, WAIT);
    }

    @Test
    void shouldLogClientFramesAndCountConnections() throws Exception {
        try (JdkWebSocket a = connect();
                JdkWebSocket b = connect()) {
            a.send(initial(YES));
            b.send(initial(NO));
            server.awaitSubscribed(NO, WAIT);

            assertThat(server.connectionCount()).isEqualTo(2);
            assertThat(server.subscriptionsByConnection().values())
                    .containsExactlyInAnyOrder(java.util.Set.of(YES), java.util.Set.of(NO));
            int first = server.connectionIds().get(0);
            assertThat(server.clientFrames(first)).hasSize(1);
        }
    }

    @Test
    void shouldRejectScriptsForUnknownTokens() {
        assertThatThrownBy(() -> server.priceChange("nope", Side.BUY, "0.5", "1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope");
    }

    /** The client's parser reads what the fake sends, hashes included. */
    @Test
    void shouldProduceFramesOurParserReads() throws Exception {
        try (JdkWebSocket ws = connect()) {
            ws.send(initial(YES, NO));
            ParsedFrame parsed = new MarketMessageParser().parse(ws.next(WAIT));

            assertThat(parsed.errors()).isEmpty();
            assertThat(parsed.events()).hasSize(2).allMatch(e -> e instanceof BookEvent);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Failure hooks

    @Test
    void shouldFreezeOneTokenUntilAClientUnsubscribesIt() throws Exception {
        try (JdkWebSocket ws = connect()) {
            server.freezeToken(NO, true);
            ws.send(initial(YES, NO));
            JsonNode snapshot = JSON.readTree(ws.next(WAIT));
            assertThat(snapshot).hasSize(1);
            assertThat(snapshot.get(0).get("asset_id").asText()).isEqualTo(YES);

            server.priceChange(YES, Side.BUY, "0.49", "5");
            JsonNode change = JSON.readTree(ws.next(WAIT));
            assertThat(change.get("price_changes")).hasSize(1);
            assertThat(change.get("price_changes").get(0).get("asset_id").asText()).isEqualTo(YES);

            ws.send("{\"operation\":\"unsubscribe\",\"assets_ids\":[\"" + NO + "\"]}");
            ws.send("{\"operation\":\"subscribe\",\"assets_ids\":[\"" + NO + "\"]}");
            String rescued = drainUntil(ws, f -> f.startsWith("[") && f.contains(NO));
            assertThat(JSON.readTree(rescued).get(0).get("asset_id").asText()).isEqualTo(NO);
            assertThat(server.tokenFrozen(NO)).isFalse();
        }
    }

    @Test
    void shouldDelayPongsWhenAsked() throws Exception {
        try (JdkWebSocket ws = connect()) {
            ws.send(initial());
            server.pongDelay(Duration.ofMillis(800));

            ws.send("PING");

            assertThat(ws.next(QUIET)).isNull();
            assertThat(ws.next(WAIT)).isEqualTo("PONG");
        }
    }

    @Test
    void shouldAnnounceFinerTicksWhenTheBookReachesTheExtremesOnce() throws Exception {
        try (JdkWebSocket ws = connect()) {
            ws.send(initial(YES));
            ws.next(WAIT);

            server.priceChange(YES, Side.BUY, "0.97", "5", T0 + 1);

            String frame = drainUntil(ws, f -> f.contains("tick_size_change"));
            JsonNode change = JSON.readTree(frame);
            assertThat(change.get("old_tick_size").asText()).isEqualTo("0.01");
            assertThat(change.get("new_tick_size").asText()).isEqualTo("0.001");
            assertThat(server.tickSize(YES)).isEqualByComparingTo("0.001");
            server.priceChange(YES, Side.BUY, "0.975", "5", T0 + 2);
            assertThat(drainQuietly(ws)).noneMatch(f -> f.contains("tick_size_change"));
        }
    }

    @Test
    void shouldSendWrongHashesForACorruptedToken() throws Exception {
        try (JdkWebSocket ws = connect()) {
            ws.send(initial(YES));
            ws.next(WAIT);
            server.corruptHashes(YES, true);

            server.priceChange(YES, Side.BUY, "0.50", "7", T0 + 5);

            JsonNode entry = JSON.readTree(ws.next(WAIT)).get("price_changes").get(0);
            String right =
                    BookHasher.hash(
                            MARKET,
                            YES,
                            T0 + 5,
                            levels("0.40", "100", "0.48", "30", "0.50", "7"),
                            levels("0.55", "20", "0.52", "10"),
                            "5",
                            new BigDecimal("0.01"),
                            false,
                            null);
            assertThat(entry.get("hash").asText()).hasSize(40).isNotEqualTo(right);
        }
    }

    @Test
    void shouldBundleEventsIntoArraysWithUnknownTypesWhenAsked() throws Exception {
        try (JdkWebSocket ws = connect()) {
            ws.send(initial(YES));
            ws.next(WAIT);
            server.arrayFrames(true);
            server.unknownEvents(true);

            server.priceChange(YES, Side.BUY, "0.50", "7");

            JsonNode array = JSON.readTree(ws.next(WAIT));
            assertThat(array.isArray()).isTrue();
            List<String> types = new java.util.ArrayList<>();
            array.forEach(e -> types.add(e.get("event_type").asText()));
            assertThat(types).containsExactly("price_change", "best_bid_ask", "settlement_preview");
        }
    }

    @Test
    void shouldSpeakTheLegacySchemaWhenAsked() throws Exception {
        try (JdkWebSocket ws = connect()) {
            ws.send(initial(YES, NO));
            ws.next(WAIT);
            server.legacySchema(true);

            server.priceChange(YES, Side.BUY, "0.50", "7", T0 + 5);

            JsonNode yes = JSON.readTree(ws.next(WAIT));
            JsonNode no = JSON.readTree(ws.next(WAIT));
            assertThat(yes.get("asset_id").asText()).isEqualTo(YES);
            assertThat(yes.get("changes").get(0).get("price").asText()).isEqualTo("0.50");
            assertThat(yes.has("price_changes")).isFalse();
            assertThat(no.get("asset_id").asText()).isEqualTo(NO);
            assertThat(no.get("changes").get(0).get("side").asText()).isEqualTo("SELL");
            assertThat(yes.get("hash").asText())
                    .isEqualTo(
                            BookHasher.hash(
                                    MARKET,
                                    YES,
                                    T0 + 5,
                                    levels("0.40", "100", "0.48", "30", "0.50", "7"),
                                    levels("0.55", "20", "0.52", "10"),
                                    "5",
                                    new BigDecimal("0.01"),
                                    false,
                                    null));
        }
    }

    @Test
    void shouldRefuseOperationsWhenAsked() throws Exception {
        try (JdkWebSocket ws = connect()) {
            ws.send(initial(YES));
            ws.next(WAIT);
            server.rejectOperations(true);

            ws.send("{\"operation\":\"subscribe\",\"assets_ids\":[\"" + NO + "\"]}");

            assertThat(ws.next(WAIT)).isEqualTo("INVALID OPERATION");
            assertThat(ws.next(QUIET)).isNull();
            assertThat(server.subscribedTokens()).containsExactly(YES);
        }
    }

    @Test
    void shouldStopSnapshotsBeyondThePerConnectionCap() throws Exception {
        server.close();
        server =
                FakePolymarketServer.start(
                        FakePolymarketServer.Options.defaults().withSnapshotCap(1));
        server.addBinaryMarket(MARKET, YES, NO, levels("0.40", "1"), levels("0.60", "1"));
        try (JdkWebSocket ws = connect()) {
            ws.send(initial(YES, NO));

            JsonNode snapshot = JSON.readTree(ws.next(WAIT));

            assertThat(snapshot).hasSize(1);
            assertThat(server.subscribedTokens()).containsExactlyInAnyOrder(YES, NO);
        }
    }

    @Test
    void shouldApplyLostUpdatesSilentlyAndRecordEveryTop() throws Exception {
        try (JdkWebSocket ws = connect()) {
            ws.send(initial(YES));
            ws.next(WAIT);

            server.applySilently(YES, Side.BUY, "0.48", "0");

            assertThat(ws.next(QUIET)).isNull();
            assertThat(server.bestBid(YES)).isEqualByComparingTo("0.40");
            assertThat(server.wasTop(YES, new BigDecimal("0.48"), new BigDecimal("0.52"))).isTrue();
            assertThat(server.wasTop(YES, new BigDecimal("0.4"), new BigDecimal("0.52"))).isTrue();
            assertThat(server.wasTop(YES, new BigDecimal("0.5"), new BigDecimal("0.52"))).isFalse();
            assertThat(server.topAt(YES, T0).bid()).isEqualByComparingTo("0.40");
            assertThat(server.topAt(YES, T0 - 1)).isNull();
        }
    }

    // ---------------------------------------------------------------------------------------
    // REST

    private final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();

    private java.net.http.HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(
                java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create(server.restUrl() + pathAndQuery))
                        .timeout(WAIT)
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private java.net.http.HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.restUrl() + path))
                        .timeout(WAIT)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldServeBooksKeyedByAssetIdInAnotherOrderDroppingUnknownTokens() throws Exception {
        var response =
                post(
                        "/books",
                        "[{\"token_id\":\""
                                + YES
                                + "\"},{\"token_id\":\"9999\"},{\"token_id\":\""
                                + NO
                                + "\"}]");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode books = JSON.readTree(response.body());
        assertThat(books).hasSize(2);
        assertThat(books.get(0).get("asset_id").asText()).isEqualTo(NO);
        assertThat(books.get(1).get("asset_id").asText()).isEqualTo(YES);
        for (JsonNode book : books) {
            assertThat(book.get("min_order_size").asText()).isEqualTo("5");
            assertThat(book.get("neg_risk").isBoolean()).isTrue();
            assertThat(book.get("hash").asText()).isEqualTo(expectedHash(book));
        }
        assertThat(post("/books", "[]").body()).isEqualTo("[]");
        String tooMany = "[" + "{\"token_id\":\"1\"},".repeat(500) + "{\"token_id\":\"2\"}]";
        var refused = post("/books", tooMany);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("Payload exceeds the limit");
        assertThat(server.restRequests())
                .extracting(FakePolymarketServer.RestRequest::status)
                .containsExactly(200, 200, 400);
    }

    @Test
    void shouldServeTheSmallEndpointsWithLiveQuirks() throws Exception {
        assertThat(get("/book?token_id=" + YES).statusCode()).isEqualTo(200);
        assertThat(get("/book?token_id=abc").statusCode()).isEqualTo(400);
        assertThat(get("/book?token_id=9999").body())
                .contains("No orderbook exists for the requested token id");
        assertThat(
                        JSON.readTree(get("/price?token_id=" + YES + "&side=BUY").body())
                                .get("price")
                                .asText())
                .isEqualTo("0.48");
        assertThat(
                        JSON.readTree(get("/price?token_id=" + YES + "&side=SELL").body())
                                .get("price")
                                .asText())
                .isEqualTo("0.52");
        assertThat(JSON.readTree(get("/midpoint?token_id=" + YES).body()).get("mid").asText())
                .isEqualTo("0.50");
        assertThat(JSON.readTree(get("/spread?token_id=" + YES).body()).get("spread").asText())
                .isEqualTo("0.04");
        assertThat(
                        JSON.readTree(get("/tick-size?token_id=" + YES).body())
                                .get("minimum_tick_size")
                                .isNumber())
                .isTrue();
        assertThat(get("/books?token_ids=" + YES).statusCode()).isEqualTo(400);
        JsonNode prices = JSON.readTree(post("/prices", "[{\"token_id\":\"" + YES + "\"}]").body());
        assertThat(prices.get(YES).has("SELL")).isTrue();
        assertThat(prices.get(YES).has("BUY")).isFalse();

        server.restAvailable(false);
        assertThat(get("/book?token_id=" + YES).statusCode()).isEqualTo(503);
    }

    /** Reads frames until one matches (bounded by {@link #WAIT} each). */
    private static String drainUntil(JdkWebSocket ws, java.util.function.Predicate<String> match)
            throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String frame = ws.next(WAIT);
            if (frame == null) {
                break;
            }
            if (match.test(frame)) {
                return frame;
            }
        }
        throw new AssertionError("no matching frame within " + WAIT);
    }

    /** Every frame that arrives until the socket stays quiet for {@link #QUIET}. */
    private static List<String> drainQuietly(JdkWebSocket ws) throws Exception {
        List<String> frames = new java.util.ArrayList<>();
        String frame;
        while ((frame = ws.next(QUIET)) != null) {
            frames.add(frame);
        }
        return frames;
    }

    private static String expectedHash(JsonNode book) {
        return BookHasher.hash(
                book.get("market").asText(),
                book.get("asset_id").asText(),
                Long.parseLong(book.get("timestamp").asText()),
                levelsOf(book.get("bids")),
                levelsOf(book.get("asks")),
                "5",
                new BigDecimal(book.get("tick_size").asText()),
                false,
                book.get("last_trade_price").asText().isEmpty()
                        ? null
                        : new BigDecimal(book.get("last_trade_price").asText()));
    }

    private static List<PriceLevel> levelsOf(JsonNode array) {
        java.util.ArrayList<PriceLevel> levels = new java.util.ArrayList<>();
        array.forEach(
                l -> levels.add(PriceLevel.of(l.get("price").asText(), l.get("size").asText())));
        return levels;
    }
}
