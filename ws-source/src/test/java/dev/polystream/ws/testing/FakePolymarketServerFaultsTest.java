package dev.polystream.ws.testing;

import static dev.polystream.ws.testing.FakePolymarketServer.levels;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystream.ws.protocol.BookHasher;
import dev.polystream.ws.protocol.Side;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fake server's failure hooks and its CLOB REST API, driven by the JDK's clients. */
class FakePolymarketServerFaultsTest extends FakePolymarketServerTestSupport {

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
}
