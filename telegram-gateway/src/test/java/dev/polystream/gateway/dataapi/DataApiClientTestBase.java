package dev.polystream.gateway.dataapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.polystream.gateway.testutils.FakeDataApi;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The shared set-up of the client's tests ({@code DataApiClientTest}, {@code
 * DataApiClientRetryTest}): a {@link FakeDataApi} on a real socket, a client with short back-offs,
 * rows of Alice's holdings, a bare HTTP server for what the fake cannot do.
 */
abstract class DataApiClientTestBase {

    static final String ALICE = "0x" + "a1".repeat(20);
    static final String BOB = "0x" + "b2".repeat(20);
    static final String CONDITION = "0x" + "c3".repeat(32);
    static final String POSITIONS = "/v2/positions";
    static final String USER_STATS = "/v2/user-stats";

    final ExecutorService threads = Executors.newFixedThreadPool(8);
    FakeDataApi api;
    DataApiClient client;

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

    DataApiSettings settings(double rps, int concurrency, int attempts, Duration backoff) {
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

    DataApiClient replaceClient(DataApiSettings settings) {
        client.close();
        client = new DataApiClient(settings);
        return client;
    }

    static ObjectNode row(String token, String size) {
        return FakeDataApi.row(
                ALICE, token, CONDITION, size, "0.5", "1", "0.5", "Yes", 0, "Market " + token);
    }

    static List<ObjectNode> rows(int count) {
        List<ObjectNode> rows = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            rows.add(row(String.valueOf(1000 + i), String.valueOf(i * 10)));
        }
        return rows;
    }

    static HttpServer server(com.sun.net.httpserver.HttpHandler handler) throws IOException {
        HttpServer server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", handler);
        server.start();
        return server;
    }
}
