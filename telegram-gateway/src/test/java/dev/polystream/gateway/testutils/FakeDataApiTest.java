package dev.polystream.gateway.testutils;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake Data API's own contract, over plain HTTP (no client of ours in between). */
class FakeDataApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALICE = "0x" + "a1".repeat(20);
    private static final String BOB = "0x" + "b2".repeat(20);
    private static final String CONDITION = "0x" + "c3".repeat(32);

    private final HttpClient http = HttpClient.newHttpClient();
    private FakeDataApi api;

    private record Reply(int status, JsonNode json, String body, HttpResponse<String> raw) {}

    @BeforeEach
    void start() {
        api = FakeDataApi.start();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private Reply get(String pathAndQuery) {
        try {
            HttpResponse<String> r =
                    http.send(
                            HttpRequest.newBuilder(URI.create(api.baseUrl() + pathAndQuery))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = JSON.readTree(r.body());
            } catch (IOException e) {
                json = null;
            }
            return new Reply(r.statusCode(), json, r.body(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode row(String wallet, String token, String size, String price) {
        return FakeDataApi.row(
                wallet, token, CONDITION, size, "0.5", "1", price, "Yes", 0, "Market " + token);
    }

    private static void assertInvalid(Reply reply, String parameter) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().path("code").asText()).isEqualTo("invalid_request");
        assertThat(reply.json().path("retryable").asBoolean(true)).isFalse();
        assertThat(reply.json().path("trace_id").asText()).isNotBlank();
        assertThat(reply.json().path("parameter").asText()).isEqualTo(parameter);
    }

    @Test
    void shouldRefuseOffsetMissingUserBareCursorAndLimitsOutOfRange() {
        api.setHoldings(ALICE, List.of(row(ALICE, "1", "5", "0.5")));

        assertInvalid(get("/v2/positions?user=" + ALICE + "&offset=0"), "offset");
        assertInvalid(get("/v2/positions?limit=10"), "user");
        assertInvalid(get("/v2/positions?cursor=abc"), "user");
        assertInvalid(get("/v2/positions?user=" + ALICE + "&limit=0"), "limit");
        assertInvalid(get("/v2/positions?user=" + ALICE + "&limit=1001"), "limit");
        assertInvalid(get("/v2/positions?user=not-an-address"), "user");
        assertThat(get("/v2/positions?user=" + ALICE + "&limit=1000").status()).isEqualTo(200);
        assertThat(get("/v2/nope?user=" + ALICE).json().path("code").asText())
                .isEqualTo("not_found");
    }

    @Test
    void shouldPageWithCursorsBoundToTheUserInValueOrder() {
        List<ObjectNode> rows = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            rows.add(row(ALICE, String.valueOf(100 + i), String.valueOf(i * 10), "0.5"));
        }
        api.setHoldings(ALICE, rows);
        api.setHoldings(BOB, List.of(row(BOB, "9", "5", "0.5")));
        api.setMaxPageSize(2);

        List<String> tokens = new ArrayList<>();
        String cursor = null;
        String firstCursor = null;
        int pages = 0;
        do {
            Reply page =
                    get(
                            "/v2/positions?user="
                                    + ALICE
                                    + "&limit=1000"
                                    + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).isEqualTo(200);
            page.json().path("data").forEach(r -> tokens.add(r.path("token_id").asText()));
            JsonNode pagination = page.json().path("pagination");
            assertThat(pagination.path("limit").asInt()).isEqualTo(1000);
            assertThat(pagination.path("offset").asInt()).isZero();
            cursor =
                    pagination.path("next_cursor").isNull()
                            ? null
                            : pagination.path("next_cursor").asText();
            assertThat(pagination.path("has_more").asBoolean()).isEqualTo(cursor != null);
            firstCursor = firstCursor == null ? cursor : firstCursor;
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(pages).isEqualTo(3);
        assertThat(tokens).containsExactly("105", "104", "103", "102", "101");
        assertInvalid(get("/v2/positions?user=" + BOB + "&cursor=" + firstCursor), "cursor");
        assertInvalid(
                get("/v2/positions?user=" + ALICE + "&cursor=" + firstCursor.substring(3)),
                "cursor");
    }

    @Test
    void shouldHideDustUnlessFilterAmountIsZero() {
        api.setHoldings(
                ALICE, List.of(row(ALICE, "1", "5", "0.5"), row(ALICE, "2", "0.05", "0.5")));

        assertThat(get("/v2/positions?user=" + ALICE).json().path("data")).hasSize(1);
        assertThat(get("/v2/positions?user=" + ALICE + "&filter_amount=0").json().path("data"))
                .hasSize(2);
    }

    @Test
    void shouldTellUnknownKnownAndProtocolUsersApart() {
        String carol = "0x" + "c4".repeat(20);
        api.knownUser(carol);
        api.setHoldings(ALICE, List.of(row(ALICE, "1", "5", "0.5")));

        assertThat(get("/v2/user-stats?user=" + BOB).json().path("data").isNull()).isTrue();
        assertThat(get("/v2/positions?user=" + BOB).json().path("data").isNull()).isTrue();
        JsonNode carolStats = get("/v2/user-stats?user=" + carol).json().path("data");
        assertThat(carolStats.path("trades").asInt(-1)).isZero();
        assertThat(get("/v2/positions?user=" + carol).json().path("data")).isEmpty();
        assertThat(
                        get("/v2/user-stats?user=" + ALICE)
                                .json()
                                .path("data")
                                .path("positions")
                                .asInt())
                .isEqualTo(1);
        assertInvalid(get("/v2/user-stats?user=" + FakeDataApi.CTF_EXCHANGE), "user");
        assertInvalid(get("/v2/positions?user=" + FakeDataApi.CONDITIONAL_TOKENS), "user");
        api.protocolAddress(carol);
        assertInvalid(get("/v2/user-stats?user=" + carol), "user");
    }

    @Test
    void shouldServeUnknownFieldsAndTheCdnHeaders() {
        api.setHoldings(ALICE, List.of(row(ALICE, "1", "5", "0.5")));

        Reply reply = get("/v2/positions?user=" + ALICE);

        assertThat(reply.json().has("unknown_top_level_field")).isTrue();
        assertThat(reply.json().path("data").get(0).has("unknown_row_field")).isTrue();
        assertThat(reply.raw().headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(reply.raw().headers().firstValue("Cache-Control")).hasValue("max-age=5");
        assertThat(get("/v2/user-stats?user=" + ALICE).json().has("unknown_top_level_field"))
                .isTrue();
    }

    @Test
    void shouldBuildRowsWithEveryLiveFieldAndConsistentValues() {
        ObjectNode real = FakeDataApi.fixtureRows(DataApiRows.OPEN_FIXTURE).get(0);
        ObjectNode built =
                FakeDataApi.row(
                        ALICE, "42", CONDITION, "28.09", "0.6699", "18.8202", "0.715", "No", 1,
                        "LA");

        Set<String> realFields = new HashSet<>();
        real.fieldNames().forEachRemaining(realFields::add);
        Set<String> builtFields = new HashSet<>();
        Iterator<String> names = built.fieldNames();
        names.forEachRemaining(builtFields::add);
        assertThat(builtFields).isEqualTo(realFields);
        assertThat(built.path("current_value").asText()).isEqualTo("20.0844");
        assertThat(built.path("unrealized_pnl").asText()).isEqualTo("1.2642");
        assertThat(built.path("current_size").isDouble()).isTrue();
        assertThat(built.path("status").asText()).isEqualTo("OPEN");
        assertThat(DataApiRows.realizedPnl(built, "2.5").path("total_pnl").asDouble())
                .isEqualTo(3.7642);
        assertThat(FakeDataApi.comboRow(ALICE, "7", "3").path("condition_id").asText()).hasSize(64);
        assertThat(
                        FakeDataApi.unlabelableRow(ALICE, "8", CONDITION, "3", "0.4")
                                .path("outcome_index")
                                .asInt())
                .isEqualTo(999);
    }

    @Test
    void shouldApplyFaultsOnlyToTheNextRequestsOfTheirRoute() {
        api.setHoldings(ALICE, List.of(row(ALICE, "1", "5", "0.5")));
        String positions = "/v2/positions?user=" + ALICE;

        api.failNext(1, 429, 2);
        Reply limited = get(positions);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.raw().headers().firstValue("Retry-After")).hasValue("2");
        assertThat(limited.json().path("code").asText()).isEqualTo("rate_limited");
        assertThat(get(positions).status()).isEqualTo(200);

        api.failNext("/v2/user-stats", 2, 500, null);
        assertThat(get(positions).status()).isEqualTo(200);
        Reply internal = get("/v2/user-stats?user=" + ALICE);
        assertThat(internal.status()).isEqualTo(500);
        assertThat(internal.json().path("code").asText()).isEqualTo("internal");
        assertThat(internal.raw().headers().firstValue("Retry-After")).isEmpty();
        assertThat(get("/v2/user-stats?user=" + ALICE).status()).isEqualTo(500);
        assertThat(get("/v2/user-stats?user=" + ALICE).status()).isEqualTo(200);

        api.truncateNext(1);
        Reply truncated = get(positions);
        assertThat(truncated.status()).isEqualTo(200);
        assertThat(truncated.json()).as("cut in the middle").isNull();
        assertThat(get(positions).json()).isNotNull();

        api.malformedNext(1);
        assertThat(get(positions).body()).startsWith("<html>");
        api.dataNullNext(1);
        assertThat(get(positions).json().path("data").isNull()).isTrue();
        assertThat(get(positions).json().path("data")).hasSize(1);

        api.passNext(1);
        api.dataNullNext(1);
        assertThat(get(positions).json().path("data")).hasSize(1);
        assertThat(get(positions).json().path("data").isNull()).isTrue();

        api.hangNext(1, Duration.ofMillis(300));
        long started = System.nanoTime();
        assertThat(get(positions).status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void shouldJournalRequestsWithRepeatedKeysAndCountWindows() {
        api.knownUser(ALICE);
        get("/v2/positions?user=" + ALICE + "&status=OPEN&status=CLOSED");
        get("/v2/user-stats?user=" + ALICE);

        List<FakeDataApi.Request> requests = api.requests();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).path()).isEqualTo("/v2/positions");
        assertThat(requests.get(0).query().get("status")).containsExactly("OPEN", "CLOSED");
        assertThat(requests.get(0).param("user")).isEqualTo(ALICE);
        assertThat(requests.get(0).status()).isEqualTo(200);
        assertThat(requests.get(0).method()).isEqualTo("GET");
        assertThat(api.maxRequestsInAnyWindow(Duration.ofMinutes(1))).isEqualTo(2);
        assertThat(api.maxRequestsInAnyWindow(Duration.ofNanos(1))).isEqualTo(1);
        assertThat(api.maxInFlight()).isEqualTo(1);
        api.clearRequests();
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void shouldReplaceAndRemoveHoldingsByToken() {
        api.putHolding(ALICE, row(ALICE, "1", "5", "0.5"));
        api.putHolding(ALICE, row(ALICE, "1", "7", "0.5"));
        api.putHolding(ALICE, row(ALICE, "2", "3", "0.5"));
        api.removeHolding(ALICE, "2");

        JsonNode data = get("/v2/positions?user=" + ALICE).json().path("data");

        assertThat(data).hasSize(1);
        assertThat(data.get(0).path("current_size").asDouble()).isEqualTo(7.0);
    }
}
