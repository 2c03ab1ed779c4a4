package dev.polystream.ws.gamma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.polystream.ws.testing.FakeGammaServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /public-profile} (§14): the decoder on hand-written bodies, the client against the fake
 * Gamma server over HTTP, and the client's refusal to let input leave for any other host.
 */
class GammaProfileTest {

    private static final String SIGNER = "0x56687bf447db6ffa42ffe2204a05edaa20f55839";
    private static final String PROXY = "0xabcdefabcdefabcdefabcdefabcdefabcdef0123";
    private static final String LONER = "0x2222222222222222222222222222222222222222";
    private static final String STRANGER = "0x3333333333333333333333333333333333333333";

    private FakeGammaServer gamma;
    private GammaClient client;
    private final List<HttpServer> extraServers = new ArrayList<>();

    @BeforeEach
    void start() {
        gamma = FakeGammaServer.start();
        client = new GammaClient(gamma.baseUrl(), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        gamma.close();
        extraServers.forEach(s -> s.stop(0));
    }

    @Test
    void shouldDecodeEveryFieldAndIgnoreUnknownOnes() {
        GammaProfile p =
                GammaDecoder.profile(
                        SIGNER,
                        GammaDecoder.parse(
                                "{\"proxyWallet\":\"0xABCDEFabcdefabcdefabcdefabcdefabcdef0123\","
                                        + "\"name\":\"alice\",\"pseudonym\":\"Quiet-Fox\","
                                        + "\"createdAt\":\"2024-05-01T12:00:00.000Z\","
                                        + "\"xUsername\":\"alice_x\",\"verifiedBadge\":true,"
                                        + "\"profileImage\":\"https://example.org/a.png\","
                                        + "\"displayUsernamePublic\":true,\"bio\":\"hi\","
                                        + "\"users\":[{\"id\":\"1\",\"creator\":false}],"
                                        + "\"someFutureField\":{\"nested\":[1,2]},\"x\":null}"));

        assertThat(p).isEqualTo(new GammaProfile(SIGNER, PROXY, "alice", "Quiet-Fox"));
        assertThat(p.proxyWallet()).isEqualTo(PROXY);
        assertThat(p.wallet()).isEqualTo(PROXY);
    }

    @Test
    void shouldUseTheAddressWhenTheProxyIsNullMissingOrNotAnAddress() {
        for (String body :
                List.of(
                        "{\"proxyWallet\":null,\"name\":\"bob\"}",
                        "{\"proxyWallet\":\"not-an-address\"}",
                        "{\"proxyWallet\":\"0x123\"}",
                        "{\"proxyWallet\":\"" + PROXY + "00\"}",
                        "{\"proxyWallet\":12345}",
                        "{\"proxyWallet\":{\"a\":1}}",
                        "{}")) {
            GammaProfile p = GammaDecoder.profile(SIGNER, GammaDecoder.parse(body));
            assertThat(p.proxyWallet()).as(body).isNull();
            assertThat(p.wallet()).as(body).isEqualTo(SIGNER);
        }
    }

    @Test
    void shouldLeaveMissingOrNullNamesNullAndLowerCaseTheAddress() {
        GammaProfile missing = GammaDecoder.profile(SIGNER.toUpperCase(Locale.ROOT), parse("{}"));
        assertThat(missing.address()).isEqualTo(SIGNER);
        assertThat(missing.name()).isNull();
        assertThat(missing.pseudonym()).isNull();

        GammaProfile nulls =
                GammaDecoder.profile(SIGNER, parse("{\"name\":null,\"pseudonym\":null}"));
        assertThat(nulls.name()).isNull();
        assertThat(nulls.pseudonym()).isNull();
    }

    @Test
    void shouldRefuseABodyThatIsNotAnObject() {
        for (String body : List.of("[]", "[{\"proxyWallet\":null}]", "\"x\"", "1", "null")) {
            assertThatThrownBy(() -> GammaDecoder.profile(SIGNER, parse(body)))
                    .as(body)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> GammaDecoder.profile(SIGNER, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldResolveAKnownProfileToItsProxyWallet() {
        gamma.addProfile(SIGNER, PROXY.toUpperCase(Locale.ROOT), "alice");

        GammaProfile p = client.publicProfile(SIGNER).orElseThrow();

        assertThat(p.address()).isEqualTo(SIGNER);
        assertThat(p.proxyWallet()).isEqualTo(PROXY);
        assertThat(p.name()).isEqualTo("alice");
        assertThat(p.pseudonym()).isNotBlank();
        assertThat(p.wallet()).isEqualTo(PROXY);
    }

    @Test
    void shouldUseTheGivenAddressWhenGammaNamesNoProxy() {
        gamma.addProfile(LONER, null, null);
        gamma.addProfile(SIGNER, "not-an-address", "garbled");

        GammaProfile loner = client.publicProfile(LONER).orElseThrow();
        assertThat(loner.proxyWallet()).isNull();
        assertThat(loner.name()).isNull();
        assertThat(loner.wallet()).isEqualTo(LONER);

        assertThat(client.publicProfile(SIGNER).orElseThrow().wallet()).isEqualTo(SIGNER);
    }

    @Test
    void shouldAnswerEmptyForAnAddressGammaDoesNotKnow() {
        gamma.addProfile(SIGNER, PROXY, "alice");

        assertThat(client.publicProfile(STRANGER)).isEmpty();
        assertThat(gamma.requests()).containsExactly("/public-profile?address=" + STRANGER);
    }

    @Test
    void shouldSendTheAddressLowerCased() {
        gamma.addProfile(SIGNER, PROXY, "alice");
        String mixed = "0x56687BF447db6FFA42ffe2204A05EDAA20f55839";
        String upper = SIGNER.toUpperCase(Locale.ROOT);

        assertThat(client.publicProfile(mixed)).map(GammaProfile::address).contains(SIGNER);
        assertThat(client.publicProfile(upper)).map(GammaProfile::wallet).contains(PROXY);

        assertThat(gamma.requests())
                .containsExactly(
                        "/public-profile?address=" + SIGNER, "/public-profile?address=" + SIGNER);
    }

    @Test
    void shouldRefuseAnythingButAnAddressBeforeSendingIt() {
        List<String> refused = new ArrayList<>();
        refused.add("0x123");
        refused.add("https://evil.example/x");
        refused.add(SIGNER + "&x=1");
        refused.add(null);
        refused.add("0x" + "a".repeat(9_998));
        refused.add("");
        refused.add(" " + SIGNER);
        refused.add(SIGNER + "\n");
        refused.add("0x" + "g".repeat(40));
        refused.add("1x" + SIGNER.substring(2));
        refused.add("0x111111111111111111111111111111111111111%");

        for (String input : refused) {
            assertThatThrownBy(() -> client.publicProfile(input))
                    .as(String.valueOf(input))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Not a wallet address");
        }
        assertThat("0x" + "a".repeat(9_998)).hasSize(10_000);
        assertThat(gamma.requests()).isEmpty();
    }

    @Test
    void shouldKeepTheMessageShortForAHugeInput() {
        assertThatThrownBy(() -> client.publicProfile("x".repeat(10_000)))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
    }

    @Test
    void shouldReportGammaFailuresWithTheirStatus() {
        gamma.addProfile(SIGNER, PROXY, "alice");

        gamma.failNext(1, 503);
        assertThatThrownBy(() -> client.publicProfile(SIGNER))
                .isInstanceOfSatisfying(
                        GammaException.class, e -> assertThat(e.status()).isEqualTo(503));

        gamma.failNext(1, 400);
        assertThatThrownBy(() -> client.publicProfile(SIGNER))
                .isInstanceOfSatisfying(
                        GammaException.class,
                        e -> {
                            assertThat(e.status()).isEqualTo(400);
                            assertThat(e.getMessage())
                                    .contains(SIGNER)
                                    .contains("not a valid address");
                        });

        assertThat(client.publicProfile(SIGNER)).isPresent();
        assertThat(gamma.requests()).hasSize(3);
    }

    @Test
    void shouldReportNoResponseAsStatusZero() throws IOException {
        HttpServer gone = server(exchange -> {});
        URI url = URI.create("http://127.0.0.1:" + gone.getAddress().getPort());
        gone.stop(0);
        extraServers.remove(gone);

        GammaClient offline = new GammaClient(url, Duration.ofSeconds(2));
        assertThatThrownBy(() -> offline.publicProfile(SIGNER))
                .isInstanceOfSatisfying(GammaException.class, e -> assertThat(e.status()).isZero());
    }

    @Test
    void shouldCallABodyThatIsNotAProfileUnreadable() throws IOException {
        HttpServer odd =
                server(exchange -> answer(exchange, 200, null, "[{\"proxyWallet\":null}]"));
        GammaClient oddClient =
                new GammaClient(
                        URI.create("http://127.0.0.1:" + odd.getAddress().getPort()),
                        Duration.ofSeconds(5));

        assertThatThrownBy(() -> oddClient.publicProfile(SIGNER))
                .isInstanceOfSatisfying(
                        GammaException.class,
                        e -> {
                            assertThat(e.status()).isEqualTo(200);
                            assertThat(e.getMessage()).startsWith("Unreadable profile");
                        });
    }

    @Test
    void shouldNotFollowARedirectToAnotherServer() throws IOException {
        List<String> elsewhereHits = new CopyOnWriteArrayList<>();
        HttpServer elsewhere =
                server(
                        exchange -> {
                            elsewhereHits.add(exchange.getRequestURI().toString());
                            answer(exchange, 200, null, "{\"proxyWallet\":\"" + PROXY + "\"}");
                        });
        String target = "http://127.0.0.1:" + elsewhere.getAddress().getPort();
        List<String> redirectorHits = new CopyOnWriteArrayList<>();
        HttpServer redirector =
                server(
                        exchange -> {
                            redirectorHits.add(exchange.getRequestURI().toString());
                            answer(exchange, 302, target + exchange.getRequestURI(), "");
                        });
        GammaClient redirected =
                new GammaClient(
                        URI.create("http://127.0.0.1:" + redirector.getAddress().getPort()),
                        Duration.ofSeconds(5));

        assertThatThrownBy(() -> redirected.publicProfile(SIGNER))
                .isInstanceOfSatisfying(
                        GammaException.class,
                        e -> {
                            assertThat(e.status()).isEqualTo(302);
                            assertThat(e.getMessage())
                                    .contains("Gamma answered a redirect (HTTP 302); not followed");
                        });
        // The other routes share the rule.
        assertThatThrownBy(() -> redirected.market("1"))
                .isInstanceOfSatisfying(
                        GammaException.class, e -> assertThat(e.status()).isEqualTo(302));

        assertThat(redirectorHits).hasSize(2);
        assertThat(elsewhereHits).isEmpty();
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
        return GammaDecoder.parse(json);
    }

    /** A bare HTTP server on 127.0.0.1, stopped after the test. */
    private HttpServer server(HttpHandler handler) throws IOException {
        HttpServer server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", handler);
        server.start();
        extraServers.add(server);
        return server;
    }

    private static void answer(
            com.sun.net.httpserver.HttpExchange exchange, int status, String location, String body)
            throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            Optional.ofNullable(location)
                    .ifPresent(l -> exchange.getResponseHeaders().set("Location", l));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
