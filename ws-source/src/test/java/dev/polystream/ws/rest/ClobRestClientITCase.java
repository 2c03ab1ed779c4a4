package dev.polystream.ws.rest;

import static dev.polystream.ws.testing.FakePolymarketServer.levels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystream.ws.protocol.BookEvent;
import dev.polystream.ws.testing.FakePolymarketServer;
import dev.polystream.ws.testing.FakePolymarketServer.RestRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /books} against the fake server's REST endpoints over loopback. */
class ClobRestClientITCase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARKET = "0x" + "12".repeat(32);

    private FakePolymarketServer server;
    private ClobRestClient rest;

    @BeforeEach
    void start() {
        server = FakePolymarketServer.start();
        server.addBinaryMarket(MARKET, "11", "12", levels("0.30", "5"), levels("0.35", "7"));
        rest = new ClobRestClient(server.restUrl(), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldChunkRequestsAtFiveHundredAndKeyBooksByAssetId() throws Exception {
        List<String> tokens = new ArrayList<>();
        tokens.add("12");
        for (int i = 0; i < 1_100; i++) {
            tokens.add(Integer.toString(100_000 + i)); // unknown: silently dropped
        }
        tokens.add("11");

        ClobRestClient.Books books = rest.books(tokens).get(10, TimeUnit.SECONDS);

        assertThat(books.requests()).isEqualTo(3);
        assertThat(books.byToken()).containsOnlyKeys("11", "12");
        BookEvent yes = books.byToken().get("11");
        assertThat(yes.minOrderSize()).isEqualTo("5");
        assertThat(yes.negRisk()).isFalse();
        assertThat(yes.tickSize()).isEqualByComparingTo("0.01");
        assertThat(yes.bids()).hasSize(1);
        assertThat(books.problems()).isEmpty();
        List<RestRequest> requests = server.restRequests();
        assertThat(requests).hasSize(3).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        List<Integer> sizes = new ArrayList<>();
        for (RestRequest request : requests) {
            JsonNode body = JSON.readTree(request.body());
            sizes.add(body.size());
            assertThat(body.get(0).has("token_id")).isTrue();
        }
        assertThat(sizes).containsExactly(500, 500, 102);
    }

    @Test
    void shouldFailWithTheStatusWhenTheServerRefuses() {
        server.restAvailable(false);

        assertThatThrownBy(() -> rest.books(List.of("11")).join())
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOf(ClobRestClient.RestException.class)
                .hasMessageContaining("503")
                .satisfies(
                        e ->
                                assertThat(((ClobRestClient.RestException) e).status())
                                        .isEqualTo(503));
    }

    @Test
    void shouldFailWithoutAServer() {
        ClobRestClient nowhere =
                new ClobRestClient(
                        java.net.URI.create("http://127.0.0.1:" + freePort()),
                        Duration.ofSeconds(2));

        assertThatThrownBy(() -> nowhere.books(List.of("11")).join())
                .cause()
                .isInstanceOf(ClobRestClient.RestException.class)
                .satisfies(e -> assertThat(((ClobRestClient.RestException) e).status()).isZero());
    }

    @Test
    void shouldSendNothingForNoTokens() throws Exception {
        ClobRestClient.Books books = rest.books(List.of()).get(5, TimeUnit.SECONDS);

        assertThat(books.byToken()).isEmpty();
        assertThat(books.requests()).isZero();
        assertThat(server.restRequests()).isEmpty();
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
