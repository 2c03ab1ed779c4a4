package dev.polystream.gateway.dataapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.polystream.gateway.dataapi.DataApiException.Kind;
import dev.polystream.gateway.testutils.FakeDataApi;
import dev.polystream.gateway.testutils.FakeDataApi.Request;
import dev.polystream.gateway.testutils.LogCapture;
import dev.polystream.ws.resilience.Backoff;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against {@link FakeDataApi} on real sockets: paging, the dust floor, retries and
 * pauses, refusals, unreadable bodies, the global rate and concurrency limits, redirects, wallets.
 * Back-offs are short so the class runs in a few seconds.
 */
class DataApiClientTest {

    private static final String ALICE = "0x" + "a1".repeat(20);
    private static final String BOB = "0x" + "b2".repeat(20);
    private static final String CONDITION = "0x" + "c3".repeat(32);
    private static final String POSITIONS = "/v2/positions";
    private static final String USER_STATS = "/v2/user-stats";

    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private FakeDataApi api;
    private DataApiClient client;

    @BeforeEach
    void start() {
        api = FakeDataApi.start();
        client = new DataApiClient(settings(50, 4, 4, Duration.ofMillis(20)));
    }

    @AfterEach
    void stop() {
        client.close();
        api.close();
        threads.shutdownNow();
    }

    private DataApiSettings settings(double rps, int concurrency, int attempts, Duration backoff) {
        return new DataApiSettings(
                api.baseUrl(),
                rps,
                concurrency,
                Duration.ofSeconds(2),
                20,
                attempts,
                backoff,
                backoff.multipliedBy(5));
    }

    private DataApiClient replaceClient(DataApiSettings settings) {
        client.close();
        client = new DataApiClient(settings);
        return client;
    }

    private static ObjectNode row(String token, String size) {
        return FakeDataApi.row(
                ALICE, token, CONDITION, size, "0.5", "1", "0.5", "Yes", 0, "Market " + token);
    }

    private static List<ObjectNode> rows(int count) {
        List<ObjectNode> rows = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            rows.add(row(String.valueOf(1000 + i), String.valueOf(i * 10)));
        }
        return rows;
    }

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
    void shouldMakeEveryRequestWaitForRetryAfter() throws Exception {
        api.setHoldings(ALICE, rows(1));
        api.knownUser(BOB);
        api.failNext(POSITIONS, 1, 429, 1);

        CompletableFuture<Holdings> first =
                CompletableFuture.supplyAsync(() -> client.positions(ALICE), threads);
        // The pause is in force once the client has counted it.
        await().atMost(Duration.ofSeconds(5))
                .until(() -> client.stats().pausedByRetryAfter().compareTo(Duration.ZERO) > 0);
        CompletableFuture<Optional<?>> second =
                CompletableFuture.supplyAsync(() -> client.userStats(BOB), threads);

        assertThat(first.get(10, TimeUnit.SECONDS).holdings()).hasSize(1);
        assertThat(second.get(10, TimeUnit.SECONDS)).isPresent();
        Instant refused = api.requests().get(0).receivedAt();
        assertThat(api.requests().get(0).status()).isEqualTo(429);
        List<Request> after = api.requests().subList(1, api.requests().size());
        assertThat(after).hasSize(2);
        assertThat(after)
                .allSatisfy(
                        r ->
                                assertThat(Duration.between(refused, r.receivedAt()))
                                        .isGreaterThanOrEqualTo(Duration.ofSeconds(1)));
        DataApiStats stats = client.stats();
        assertThat(stats.responses429()).isEqualTo(1);
        assertThat(stats.retries()).isEqualTo(1);
        assertThat(stats.pausedByRetryAfter())
                .isBetween(Duration.ofMillis(900), Duration.ofSeconds(1));
    }

    @Test
    void shouldResumeEvenlySpacedAfterAPauseNotInABurst() throws Exception {
        replaceClient(settings(10, 4, 4, Duration.ofMillis(20)));
        api.knownUser(BOB);
        api.failNext(1, 429, 1);

        List<CompletableFuture<Optional<?>>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> client.userStats(BOB), threads));
        }
        for (CompletableFuture<Optional<?>> call : calls) {
            assertThat(call.get(10, TimeUnit.SECONDS)).isPresent();
        }

        List<Request> sent = api.requests();
        assertThat(sent.get(0).status()).isEqualTo(429);
        List<Instant> resumed =
                sent.subList(1, sent.size()).stream().map(Request::receivedAt).toList();
        assertThat(resumed).hasSize(6);
        for (int i = 0; i + 2 < resumed.size(); i++) {
            // One permit per 100 ms: two can meet at a period boundary, three cannot.
            assertThat(Duration.between(resumed.get(i), resumed.get(i + 2)))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(90));
        }
    }

    @Test
    void shouldBackOffAfterA429WithoutRetryAfter() {
        replaceClient(settings(50, 4, 4, Duration.ofMillis(200)));
        api.setHoldings(ALICE, rows(1));
        api.failNext(1, 429, null);

        assertThat(client.positions(ALICE).holdings()).hasSize(1);

        List<Request> sent = api.requests();
        assertThat(sent).extracting(Request::status).containsExactly(429, 200);
        // Equal jitter: at least half of the first back-off.
        assertThat(Duration.between(sent.get(0).receivedAt(), sent.get(1).receivedAt()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThat(client.stats().retries()).isEqualTo(1);
        assertThat(client.stats().pausedByRetryAfter()).isZero();
    }

    @Test
    void shouldRetry503sAndLogTheOutageOnceWhenItBeginsAndEnds() {
        api.setHoldings(ALICE, rows(2));
        api.failNext(2, 503, null);

        Holdings holdings;
        try (LogCapture log = LogCapture.of(DataApiClient.class)) {
            holdings = client.positions(ALICE);
            assertThat(log.messages(Level.WARN))
                    .singleElement()
                    .asString()
                    .contains("outage began")
                    .contains("HTTP 503");
            assertThat(log.messages(Level.INFO))
                    .singleElement()
                    .asString()
                    .contains("recovered after")
                    .contains("2 failed requests");
        }

        assertThat(holdings.holdings()).hasSize(2);
        DataApiStats stats = client.stats();
        assertThat(stats.retries()).isEqualTo(2);
        assertThat(stats.responses5xx()).isEqualTo(2);
        assertThat(stats.responses2xx()).isEqualTo(1);
        assertThat(stats.requestsSent()).isEqualTo(3);
        assertThat(stats.failures()).isZero();
    }

    @Test
    void shouldGiveUpAfterMaxAttemptsOf500() {
        api.setHoldings(ALICE, rows(1));
        api.failNext(4, 500, null);

        assertThatThrownBy(() -> client.positions(ALICE))
                .isInstanceOfSatisfying(
                        DataApiException.class,
                        e -> {
                            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
                            assertThat(e.status()).isEqualTo(500);
                            assertThat(e.code()).isEqualTo("internal");
                            assertThat(e.retryable()).isTrue();
                            assertThat(e.getMessage())
                                    .contains("HTTP 500", "4 attempts")
                                    .doesNotContain("\n");
                        });
        assertThat(api.requests()).hasSize(4);
        assertThat(client.stats().failures()).isEqualTo(1);
    }

    @Test
    void shouldNotRetryARefusal() {
        assertThatThrownBy(() -> client.userStats(FakeDataApi.CTF_EXCHANGE))
                .isInstanceOfSatisfying(
                        DataApiException.class,
                        e -> {
                            assertThat(e.kind()).isEqualTo(Kind.REFUSED);
                            assertThat(e.status()).isEqualTo(400);
                            assertThat(e.code()).isEqualTo("invalid_request");
                            assertThat(e.retryable()).isFalse();
                            assertThat(e.getMessage()).contains("parameter user");
                        });
        assertThatThrownBy(() -> client.positions(FakeDataApi.CONDITIONAL_TOKENS))
                .isInstanceOfSatisfying(
                        DataApiException.class, e -> assertThat(e.status()).isEqualTo(400));
        api.failNext(1, 404, null);
        assertThatThrownBy(() -> client.positions(ALICE))
                .isInstanceOfSatisfying(
                        DataApiException.class, e -> assertThat(e.code()).isEqualTo("not_found"));
        assertThat(api.requests()).hasSize(3);
        assertThat(client.stats().retries()).isZero();
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
    void shouldKeepTheGlobalRateAndConcurrencyAcrossThreads() throws Exception {
        replaceClient(settings(10, 3, 4, Duration.ofMillis(20)));
        api.knownUser(BOB);
        api.setResponseDelay(Duration.ofMillis(150));

        List<CompletableFuture<Optional<?>>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> client.userStats(BOB), threads));
        }
        for (CompletableFuture<Optional<?>> call : calls) {
            assertThat(call.get(20, TimeUnit.SECONDS)).isPresent();
        }

        assertThat(api.requests()).hasSize(40);
        assertThat(api.maxRequestsInAnyWindow(Duration.ofSeconds(1))).isLessThanOrEqualTo(11);
        assertThat(api.maxInFlight()).isBetween(1, 3);
    }

    @Test
    void shouldNeverHaveMoreThanMaxConcurrencyInFlight() throws Exception {
        replaceClient(settings(1000, 3, 4, Duration.ofMillis(20)));
        api.knownUser(BOB);
        api.setResponseDelay(Duration.ofMillis(200));

        List<CompletableFuture<Optional<?>>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> client.userStats(BOB), threads));
        }
        for (CompletableFuture<Optional<?>> call : calls) {
            assertThat(call.get(20, TimeUnit.SECONDS)).isPresent();
        }

        assertThat(api.maxInFlight()).isEqualTo(3);
    }

    @Test
    void shouldRetryATimeoutAndFailWhenNothingAnswers() throws IOException {
        replaceClient(
                new DataApiSettings(
                        api.baseUrl(),
                        50,
                        4,
                        Duration.ofMillis(400),
                        20,
                        3,
                        Duration.ofMillis(20),
                        Duration.ofMillis(100)));
        api.setHoldings(ALICE, rows(1));
        api.hangNext(1, Duration.ofMillis(1500));

        assertThat(client.positions(ALICE).holdings()).hasSize(1);
        assertThat(client.stats().transportFailures()).isEqualTo(1);

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        replaceClient(
                settings(50, 4, 3, Duration.ofMillis(20))
                        .withBaseUrl(URI.create("http://127.0.0.1:" + closedPort)));
        assertThatThrownBy(() -> client.positions(ALICE))
                .isInstanceOfSatisfying(
                        DataApiException.class,
                        e -> {
                            assertThat(e.kind()).isEqualTo(Kind.TRANSPORT);
                            assertThat(e.status()).isZero();
                            assertThat(e.retryable()).isTrue();
                        });
        assertThat(client.stats().transportFailures()).isEqualTo(3);
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
    void shouldReadRetryAfterAsSecondsOrADate() {
        assertThat(DataApiHttp.retryAfter(Optional.of("1"))).isEqualTo(Duration.ofSeconds(1));
        assertThat(DataApiHttp.retryAfter(Optional.of(" 120 "))).isEqualTo(Duration.ofMinutes(2));
        String inAMinute =
                DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(61));
        assertThat(DataApiHttp.retryAfter(Optional.of(inAMinute)))
                .isBetween(Duration.ofSeconds(55), Duration.ofSeconds(61));
        assertThat(DataApiHttp.retryAfter(Optional.of("Wed, 21 Oct 2015 07:28:00 GMT"))).isZero();
        assertThat(DataApiHttp.retryAfter(Optional.of("soon"))).isNull();
        assertThat(DataApiHttp.retryAfter(Optional.empty())).isNull();
    }

    @Test
    void shouldJitterBackOffBetweenHalfAndAllOfTheDoublingCap() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000));
        HashSet<Duration> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            Duration first = backoff.delay(1);
            seen.add(first);
            assertThat(first).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
            assertThat(backoff.delay(3)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
            assertThat(backoff.delay(30))
                    .isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
        }
        assertThat(seen).as("jittered").hasSizeGreaterThan(10);
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

    private static HttpServer server(com.sun.net.httpserver.HttpHandler handler)
            throws IOException {
        HttpServer server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", handler);
        server.start();
        return server;
    }
}
