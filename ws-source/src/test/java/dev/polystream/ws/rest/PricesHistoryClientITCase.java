package dev.polystream.ws.rest;

import static dev.polystream.ws.testing.FakePolymarketServer.levels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystream.ws.rest.ClobRestClient.RestException;
import dev.polystream.ws.rest.PricesHistoryClient.Point;
import dev.polystream.ws.testing.FakePolymarketServer;
import dev.polystream.ws.testing.FakePolymarketServer.RestRequest;
import dev.polystream.ws.testing.Fixtures;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /prices-history}: the client against the fake server's REST endpoint over loopback.
 */
class PricesHistoryClientITCase {

    private static final String MARKET = "0x" + "34".repeat(32);
    private static final long NOW_SECS = 1_791_258_810L;

    private FakePolymarketServer server;
    private PricesHistoryClient client;

    @BeforeEach
    void start() {
        server = FakePolymarketServer.start();
        server.setTime(NOW_SECS * 1000);
        server.addBinaryMarket(MARKET, "21", "22", levels("0.30", "5"), levels("0.36", "7"));
        client = new PricesHistoryClient(server.restUrl(), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldParseTheLiveShapeWithNumbersAndSeconds() {
        List<Point> points =
                PricesHistoryClient.parse(
                        Fixtures.polymarket("rest_clob/prices_history__constructed.json"));

        assertThat(points).hasSize(4);
        assertThat(points.get(0)).isEqualTo(new Point(1_791_172_800L, new BigDecimal("0.0235")));
        assertThat(points.get(3).epochSecond()).isEqualTo(1_791_258_810L);
        assertThat(PricesHistoryClient.parse("{\"history\":[{\"t\":5,\"p\":\"0.5\"},{\"t\":6}]}"))
                .containsExactly(new Point(5, new BigDecimal("0.5")));
        assertThatThrownBy(() -> PricesHistoryClient.parse("{\"error\":\"x\"}"))
                .isInstanceOf(RestException.class);
    }

    @Test
    void shouldLoadOnePointPerFidelityStepAndTheFinalNowPoint() throws Exception {
        long start = NOW_SECS - 86_400;

        List<Point> points = client.history("21", start, NOW_SECS, 60).get(10, TimeUnit.SECONDS);

        assertThat(points).hasSize(25);
        assertThat(points).allSatisfy(p -> assertThat(p.price()).isEqualByComparingTo("0.33"));
        assertThat(points.get(0).epochSecond()).isGreaterThanOrEqualTo(start);
        assertThat(points.get(points.size() - 1).epochSecond()).isEqualTo(NOW_SECS);
        RestRequest request = server.restRequests().get(0);
        assertThat(request.path()).isEqualTo("/prices-history");
        assertThat(request.query())
                .isEqualTo("market=21&startTs=" + start + "&endTs=" + NOW_SECS + "&fidelity=60");
        assertThat(client.history("999", start, NOW_SECS, 60).get(10, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void shouldAnswerTheLiveFidelityErrorAndRefuseItBeforeSending() throws Exception {
        HttpResponse<String> raw =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        server.restUrl()
                                                                + "/prices-history?market=21"
                                                                + "&interval=1m&fidelity=1"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(raw.statusCode()).isEqualTo(400);
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(raw.body()))
                .isEqualTo(
                        json.readTree(
                                Fixtures.polymarket(
                                        "rest_clob/error_400_prices_history_fidelity__constructed.json")));

        assertThatThrownBy(() -> client.history("21", NOW_SECS - 30 * 86_400L, NOW_SECS, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 10");
        assertThat(PricesHistoryClient.minimumFidelity(Duration.ofDays(1))).isEqualTo(1);
        assertThat(PricesHistoryClient.minimumFidelity(Duration.ofDays(7))).isEqualTo(5);
        assertThat(PricesHistoryClient.minimumFidelity(Duration.ofDays(8))).isEqualTo(10);
    }

    @Test
    void shouldFailWithTheStatusOfABadTokenAThrottleAndAnOutage() {
        assertThat(status(() -> client.history("not-a-token", 1, 3_600, 1))).isEqualTo(400);

        server.historyRateLimit(2);
        int throttled = 0;
        for (int i = 0; i < 5; i++) {
            if (status(() -> client.history("21", NOW_SECS - 3_600, NOW_SECS, 1)) == 429) {
                throttled++;
            }
        }
        assertThat(throttled).isBetween(1, 3);

        server.historyRateLimit(Integer.MAX_VALUE);
        server.restAvailable(false);
        assertThat(status(() -> client.history("21", NOW_SECS - 3_600, NOW_SECS, 1)))
                .isEqualTo(503);
    }

    /** The status a call fails with, or 200 when it succeeds. */
    private static int status(java.util.concurrent.Callable<java.util.concurrent.Future<?>> call) {
        try {
            call.call().get(10, TimeUnit.SECONDS);
            return 200;
        } catch (ExecutionException | CompletionException e) {
            return ((RestException) e.getCause()).status();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
