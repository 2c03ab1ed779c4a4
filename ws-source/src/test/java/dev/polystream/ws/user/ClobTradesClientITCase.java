package dev.polystream.ws.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystream.ws.auth.ApiCredentials;
import dev.polystream.ws.auth.L2Credentials;
import dev.polystream.ws.auth.ReadOnlyKey;
import dev.polystream.ws.testing.FakePolymarketServer;
import dev.polystream.ws.testing.FakeUserChannel;
import dev.polystream.ws.testing.Fixtures;
import dev.polystream.ws.user.ClobTradesClient.Verdict;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CLOB trades client against the fake on 127.0.0.1: checks, the HMAC, paging to LTE=. */
class ClobTradesClientITCase {

    private static final String KEY = "3e2c94ca-8124-c4c1-c7ea-be1ea21b71fe";
    private static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXM=";
    private static final String OTHER_SECRET = "b3RoZXItc2VjcmV0LW90aGVyLXNlY3JldC1vdGg=";
    private static final String PASSPHRASE = "f".repeat(64);
    private static final String ADDRESS = "0xa3D82Ed56F4c68d2328Fb8c29e568Ba2cAF7d7c8";
    private static final String RO_KEY = "ro-0000-1111";
    private static final String TAKER_FIXTURE =
            "trade_MATCHED_taker_real_2024-09-10__nautilus.json";

    private FakePolymarketServer server;
    private FakeUserChannel user;
    private ClobTradesClient client;
    private L2Credentials l2;

    @BeforeEach
    void start() {
        server = FakePolymarketServer.start();
        user = server.userChannel();
        user.accounts().addL2(KEY, SECRET, PASSPHRASE, ADDRESS);
        user.accounts().addReadOnly(RO_KEY, ADDRESS);
        client = new ClobTradesClient(server.restUrl(), Duration.ofSeconds(5));
        l2 = new L2Credentials(new ApiCredentials(KEY, SECRET, PASSPHRASE), ADDRESS);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldCheckL2Credentials() {
        assertThat(client.check(l2)).isEqualTo(Verdict.VALID);
        assertThat(client.check(creds(KEY, SECRET, "e".repeat(64)))).isEqualTo(Verdict.REJECTED);
        assertThat(client.check(creds("unknown-key", SECRET, PASSPHRASE)))
                .isEqualTo(Verdict.REJECTED);
        // The right key and passphrase with another secret: only the HMAC can tell.
        assertThat(client.check(creds(KEY, OTHER_SECRET, PASSPHRASE))).isEqualTo(Verdict.REJECTED);
        assertThat(user.restRequests().get(0).query()).isEqualTo("limit=1");
        server.restAvailable(false);
        assertThat(client.check(l2)).isEqualTo(Verdict.UNAVAILABLE);
    }

    @Test
    void shouldCheckReadOnlyKeys() {
        assertThat(client.check(new ReadOnlyKey(RO_KEY, ADDRESS))).isEqualTo(Verdict.VALID);
        assertThat(client.check(new ReadOnlyKey("ro-unknown", ADDRESS)))
                .isEqualTo(Verdict.REJECTED);
        assertThat(client.check(new ReadOnlyKey(RO_KEY, "0x" + "1".repeat(40))))
                .isEqualTo(Verdict.REJECTED);
        assertThat(user.restRequests().get(0).query())
                .isEqualTo("address=" + ADDRESS.toLowerCase() + "&key=" + RO_KEY);
        server.restAvailable(false);
        assertThat(client.check(new ReadOnlyKey(RO_KEY, ADDRESS))).isEqualTo(Verdict.UNAVAILABLE);
    }

    @Test
    void shouldBeUnavailableWhenNothingAnswers() {
        URI gone = server.restUrl();
        server.close();
        ClobTradesClient dead = new ClobTradesClient(gone, Duration.ofSeconds(2));
        assertThat(dead.check(l2)).isEqualTo(Verdict.UNAVAILABLE);
        assertThat(dead.check(new ReadOnlyKey(RO_KEY, ADDRESS))).isEqualTo(Verdict.UNAVAILABLE);
        assertThatThrownBy(() -> dead.page(l2, null))
                .isInstanceOf(ClobTradesException.class)
                .matches(e -> !((ClobTradesException) e).rejected());
    }

    @Test
    void shouldRefuseAWrongSignatureWith401() throws Exception {
        Map<String, String> headers = l2.headers("GET", "/data/trades", null, 1_700_000_000L);
        HttpRequest.Builder b =
                HttpRequest.newBuilder(
                        server.restUrl().resolve("/data/trades?next_cursor=MA%3D%3D"));
        headers.forEach(
                (k, v) -> b.header(k, k.equals("POLY_SIGNATURE") ? "A" + v.substring(1) : v));
        HttpResponse<String> bad =
                HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(bad.body()).isEqualTo("{\"error\":\"Unauthorized/Invalid api key\"}");

        HttpRequest.Builder good =
                HttpRequest.newBuilder(
                        server.restUrl().resolve("/data/trades?next_cursor=MA%3D%3D"));
        headers.forEach(good::header);
        assertThat(
                        HttpClient.newHttpClient()
                                .send(good.build(), HttpResponse.BodyHandlers.ofString())
                                .statusCode())
                .isEqualTo(200);
    }

    @Test
    void shouldPageToTheEndCursor() throws Exception {
        for (int i = 0; i < 5; i++) {
            user.recordOnly(KEY, trade("t-" + i, i == 4 ? "MINED" : "CONFIRMED"));
        }
        // A later status of the same trade replaces it (latest status per id).
        user.recordOnly(KEY, trade("t-4", "CONFIRMED"));
        user.tradesPageSize(2);

        TradesPage first = client.page(l2, ClobTradesClient.FIRST_CURSOR);
        assertThat(first.trades()).extracting(UserTrade::id).containsExactly("t-0", "t-1");
        assertThat(first.nextCursor()).isEqualTo("Mg==");
        assertThat(first.isLast()).isFalse();
        assertThat(first.errors()).isEmpty();

        List<UserTrade> all = client.all(l2, 10);
        assertThat(all)
                .extracting(UserTrade::id)
                .containsExactly("t-0", "t-1", "t-2", "t-3", "t-4");
        assertThat(all).extracting(UserTrade::status).containsOnly(TradeStatus.CONFIRMED);
        assertThat(all.get(0).size()).isEqualByComparingTo("5");
        assertThat(user.restRequests("/data/trades")).isEqualTo(1 + 3);
        assertThat(user.restRequests().get(1).query())
                .contains("maker_address=" + ADDRESS.toLowerCase())
                .contains("next_cursor=MA%3D%3D");

        // Bounded: two pages at most, what was read is returned.
        assertThat(client.all(l2, 2)).hasSize(4);
        // The read-only key of the same address reads the same history.
        assertThat(client.all(new ReadOnlyKey(RO_KEY, ADDRESS), 10)).hasSize(5);
    }

    @Test
    void shouldSayWhenCredentialsAreRefusedWithoutTheSecret() {
        assertThatThrownBy(() -> client.page(creds(KEY, OTHER_SECRET, PASSPHRASE), null))
                .isInstanceOf(ClobTradesException.class)
                .matches(e -> ((ClobTradesException) e).rejected())
                .matches(e -> ((ClobTradesException) e).status() == 401)
                .hasMessageNotContaining(OTHER_SECRET)
                .hasMessageNotContaining(PASSPHRASE);
        server.restAvailable(false);
        assertThatThrownBy(() -> client.all(l2, 3))
                .isInstanceOf(ClobTradesException.class)
                .matches(e -> !((ClobTradesException) e).rejected());
    }

    private static L2Credentials creds(String key, String secret, String passphrase) {
        return new L2Credentials(new ApiCredentials(key, secret, passphrase), ADDRESS);
    }

    private static String trade(String id, String status) {
        return Fixtures.wsUser(TAKER_FIXTURE)
                .replace("f50e8ab2-652d-4dc8-9c82-8e46197fe98d", id)
                .replace("\"MATCHED\"", "\"" + status + "\"");
    }

    @Test
    void shouldNeverCarryCredentialsAcrossARedirect() throws Exception {
        java.util.List<String> elsewhere = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer other =
                com.sun.net.httpserver.HttpServer.create(
                        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        other.createContext(
                "/",
                exchange -> {
                    elsewhere.add(String.valueOf(exchange.getRequestHeaders().keySet()));
                    exchange.sendResponseHeaders(200, -1);
                    exchange.close();
                });
        com.sun.net.httpserver.HttpServer redirecting =
                com.sun.net.httpserver.HttpServer.create(
                        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        redirecting.createContext(
                "/",
                exchange -> {
                    exchange.getResponseHeaders()
                            .add(
                                    "Location",
                                    "http://127.0.0.1:"
                                            + other.getAddress().getPort()
                                            + "/data/trades");
                    exchange.sendResponseHeaders(302, -1);
                    exchange.close();
                });
        other.start();
        redirecting.start();
        try {
            ClobTradesClient moved =
                    new ClobTradesClient(
                            java.net.URI.create(
                                    "http://127.0.0.1:" + redirecting.getAddress().getPort()),
                            Duration.ofSeconds(5));
            assertThat(moved.check(l2)).isNotEqualTo(Verdict.VALID);
            assertThatThrownBy(() -> moved.page(l2, ClobTradesClient.FIRST_CURSOR))
                    .isInstanceOf(ClobTradesException.class);
            assertThat(elsewhere).as("nothing reached the other location").isEmpty();
        } finally {
            redirecting.stop(0);
            other.stop(0);
        }
    }
}
