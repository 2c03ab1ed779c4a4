package dev.polystream.gateway.dataapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.polystream.gateway.dataapi.DataApiException.Kind;
import dev.polystream.gateway.testutils.FakeDataApi;
import dev.polystream.gateway.testutils.FakeDataApi.Request;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The client against {@link FakeDataApi} on real sockets: paging, the dust floor, refusals,
 * unreadable bodies, redirects, wallets, closing, settings (retries and limits: {@link
 * DataApiClientRetryTest}).
 */
class DataApiClientTest extends DataApiClientTestBase {

    @Test
    void shouldReadEveryPageResendingTheAnchorParametersAndNeverOffset() {
        List<ObjectNode> rows = rows(5);
        rows.add(row("7", "0.05")); // dust, under the API's default 0.1 floor
        api.setHoldings(ALICE, rows);
        api.setMaxPageSize(2);

        Holdings holdings = client.positions(ALICE);

        assertThat(holdings.pages()).isEqualTo(3);
        assertThat(holdings.holdings())
                .extracting(Holding::tokenId)
                .containsExactly("1005", "1004", "1003", "1002", "1001", "7");
        assertThat(holdings.holding("7").size()).isEqualByComparingTo("0.05");
        assertThat(holdings.skippedRows()).isZero();
        assertThat(holdings.wallet()).isEqualTo(ALICE);
        List<Request> sent = api.requests(POSITIONS);
        assertThat(sent).hasSize(3);
        assertThat(sent)
                .allSatisfy(
                        r -> {
                            assertThat(r.query().get("user")).containsExactly(ALICE);
                            assertThat(r.query().get("filter_amount")).containsExactly("0");
                            assertThat(r.query().get("limit")).containsExactly("1000");
                            assertThat(r.has("offset")).isFalse();
                            assertThat(r.status()).isEqualTo(200);
                        });
        assertThat(sent.get(0).has("cursor")).isFalse();
        assertThat(sent.get(1).param("cursor")).isNotBlank();
        assertThat(sent.get(2).param("cursor"))
                .isNotBlank()
                .isNotEqualTo(sent.get(1).param("cursor"));
    }

    @Test
    void shouldFailRatherThanReturnPartialHoldingsWhenPagingDoesNotEnd() {
        api.setHoldings(ALICE, rows(5));
        api.setMaxPageSize(2);
        api.setStuckCursor(true);

        assertThatThrownBy(() -> client.positions(ALICE))
                .isInstanceOfSatisfying(
                        DataApiException.class,
                        e -> {
                            assertThat(e.kind()).isEqualTo(Kind.PAGING);
                            assertThat(e.getMessage()).contains("repeats");
                        });
        assertThat(api.requests(POSITIONS)).hasSize(2);

        api.setStuckCursor(false);
        api.clearRequests();
        DataApiSettings twoPages =
                new DataApiSettings(
                        api.baseUrl(),
                        50,
                        4,
                        Duration.ofSeconds(2),
                        2,
                        4,
                        Duration.ofMillis(20),
                        Duration.ofMillis(100));
        assertThatThrownBy(() -> replaceClient(twoPages).positions(ALICE))
                .isInstanceOfSatisfying(
                        DataApiException.class,
                        e -> assertThat(e.getMessage()).contains("more than 2 pages"));
        assertThat(api.requests(POSITIONS)).hasSize(2);
        assertThat(client.stats().failures()).isEqualTo(1);
    }

    @Test
    void shouldRefuseTruncatedAndNonJsonBodiesWithoutPartialHoldings() {
        api.setHoldings(ALICE, rows(5));
        api.setMaxPageSize(2);

        api.passNext(1);
        api.truncateNext(1);
        assertThatThrownBy(() -> client.positions(ALICE))
                .isInstanceOfSatisfying(
                        DataApiException.class,
                        e -> {
                            assertThat(e.kind()).isEqualTo(Kind.MALFORMED_BODY);
                            assertThat(e.getMessage())
                                    .contains("/v2/positions")
                                    .hasSizeLessThan(400);
                        });
        assertThat(api.requests()).hasSize(2);

        api.malformedNext(1);
        assertThatThrownBy(() -> client.positions(ALICE))
                .isInstanceOfSatisfying(
                        DataApiException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED_BODY));
        assertThat(api.requests()).hasSize(3);
        assertThat(client.positions(ALICE).holdings()).as("the next read is whole").hasSize(5);
    }

    @Test
    void shouldReadDataNullAsNothingHeld() {
        api.setHoldings(ALICE, rows(2));
        api.dataNullNext(1);

        Holdings none = client.positions(ALICE);

        assertThat(none.holdings()).isEmpty();
        assertThat(none.unreadableTokens()).isEmpty();
        assertThat(none.pages()).isEqualTo(1);
        assertThat(client.positions(BOB).holdings()).as("an unknown user").isEmpty();
    }

    @Test
    void shouldTellUnknownAndKnownUsersApart() {
        api.knownUser(BOB);

        assertThat(client.userStats(ALICE)).isEmpty();
        assertThat(client.userStats(BOB))
                .hasValueSatisfying(s -> assertThat(s.isObject()).isTrue());
        assertThat(api.requests(USER_STATS))
                .allSatisfy(r -> assertThat(r.query().keySet()).containsExactly("user"));
    }

    @Test
    void shouldNotFollowARedirect() throws IOException {
        AtomicInteger elsewhere = new AtomicInteger();
        HttpServer target =
                server(
                        exchange -> {
                            elsewhere.incrementAndGet();
                            exchange.sendResponseHeaders(200, -1);
                            exchange.close();
                        });
        HttpServer redirecting =
                server(
                        exchange -> {
                            exchange.getResponseHeaders()
                                    .set(
                                            "Location",
                                            "http://127.0.0.1:"
                                                    + target.getAddress().getPort()
                                                    + "/v2/positions");
                            exchange.sendResponseHeaders(302, -1);
                            exchange.close();
                        });
        try {
            replaceClient(
                    settings(50, 4, 4, Duration.ofMillis(20))
                            .withBaseUrl(
                                    URI.create(
                                            "http://127.0.0.1:"
                                                    + redirecting.getAddress().getPort())));
            assertThatThrownBy(() -> client.positions(ALICE))
                    .isInstanceOfSatisfying(
                            DataApiException.class,
                            e -> {
                                assertThat(e.kind()).isEqualTo(Kind.REDIRECT);
                                assertThat(e.status()).isEqualTo(302);
                                assertThat(e.retryable()).isFalse();
                            });
            assertThat(elsewhere.get()).isZero();
            assertThat(client.stats().requestsSent()).isEqualTo(1);
        } finally {
            redirecting.stop(0);
            target.stop(0);
        }
    }

    @Test
    void shouldRefuseABadWalletBeforeAnyRequest() {
        List<String> bad = new ArrayList<>();
        bad.add(null);
        bad.add("");
        bad.add(ALICE.toUpperCase().replace("0X", "0x"));
        bad.add(ALICE.substring(0, 41));
        bad.add(ALICE + "&user=" + BOB);
        bad.add("https://polymarket.com/profile/" + ALICE);
        for (String wallet : bad) {
            assertThatThrownBy(() -> client.positions(wallet))
                    .as(String.valueOf(wallet))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.userStats(wallet))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(api.requests()).isEmpty();
        assertThat(client.stats().requestsSent()).isZero();
    }

    @Test
    void shouldFailWaitingCallsWhenClosedAndRefuseCallsAfterwards() throws Exception {
        api.setHoldings(ALICE, rows(1));
        api.failNext(1, 503, 30);
        CompletableFuture<Holdings> waiting =
                CompletableFuture.supplyAsync(() -> client.positions(ALICE), threads);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> client.stats().pausedByRetryAfter().compareTo(Duration.ZERO) > 0);

        client.close();

        assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(DataApiException.class)
                .cause()
                .satisfies(
                        e -> assertThat(((DataApiException) e).kind()).isEqualTo(Kind.INTERRUPTED));
        assertThatThrownBy(() -> client.positions(ALICE)).isInstanceOf(IllegalStateException.class);
        assertThat(api.requests()).hasSize(1);
    }

    @Test
    void shouldValidateSettings() {
        DataApiSettings d = DataApiSettings.defaults();
        assertThat(d.baseUrl()).isEqualTo(URI.create("https://data-api.polymarket.com"));
        assertThat(d.requestsPerSecond()).isEqualTo(8);
        assertThat(d.maxConcurrency()).isEqualTo(4);
        assertThat(d.timeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(d.maxPages()).isEqualTo(20);
        assertThat(d.maxAttempts()).isEqualTo(4);
        assertThat(d.backoffInitial()).isEqualTo(Duration.ofMillis(500));
        assertThat(d.backoffMax()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.withBaseUrl(URI.create("http://127.0.0.1:9/")).baseUrl())
                .isEqualTo(URI.create("http://127.0.0.1:9"));
        assertThatThrownBy(() -> d.withBaseUrl(URI.create("ftp://x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withBaseUrl(URI.create("https://x/?user=1")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () ->
                                new DataApiSettings(
                                        d.baseUrl(),
                                        0,
                                        4,
                                        d.timeout(),
                                        20,
                                        4,
                                        d.backoffInitial(),
                                        d.backoffMax()))
                .hasMessageContaining("requestsPerSecond");
        assertThatThrownBy(
                        () ->
                                new DataApiSettings(
                                        d.baseUrl(),
                                        8,
                                        4,
                                        d.timeout(),
                                        20,
                                        4,
                                        Duration.ofSeconds(2),
                                        Duration.ofSeconds(1)))
                .hasMessageContaining("backoffMax");
    }
}
