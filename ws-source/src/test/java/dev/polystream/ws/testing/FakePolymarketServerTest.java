package dev.polystream.ws.testing;

import static dev.polystream.ws.testing.FakePolymarketServer.levels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystream.ws.protocol.BookEvent;
import dev.polystream.ws.protocol.BookHasher;
import dev.polystream.ws.protocol.MarketMessageParser;
import dev.polystream.ws.protocol.ParsedFrame;
import dev.polystream.ws.protocol.PriceLevel;
import dev.polystream.ws.protocol.Side;
import dev.polystream.ws.testing.FakePolymarketServer.SubscriptionRecord;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fake server on its own, driven by the JDK's WebSocket client (not our transport). */
class FakePolymarketServerTest extends FakePolymarketServerTestSupport {

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
}
