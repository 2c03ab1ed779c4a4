package dev.polystream.gateway.dataapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.polystream.gateway.dataapi.DataApiException.Kind;
import dev.polystream.gateway.testutils.FakeDataApi;
import dev.polystream.gateway.testutils.FakeDataApi.Request;
import dev.polystream.gateway.testutils.LogCapture;
import dev.polystream.ws.resilience.Backoff;
import java.io.IOException;
import java.net.InetAddress;
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
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

/**
 * The client's retries and limits against {@link FakeDataApi} on real sockets: Retry-After pauses,
 * back-off, the outage log, giving up, timeouts, the global rate and concurrency limits. Back-offs
 * are short so the class runs in a few seconds.
 */
class DataApiClientRetryTest extends DataApiClientTestBase {

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
}
