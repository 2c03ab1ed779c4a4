package dev.polystream.launcher;

import static dev.polystream.ws.testing.FakePolymarketServer.levels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.polystream.embedded.LocalPostgres;
import dev.polystream.ws.testing.FakePolymarketServer;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code ./polystream local} as a user runs it: with an existing database, the in-process Kafka
 * broker, a watched token at the (fake) exchange; the price lands in the database, and SIGTERM
 * stops everything cleanly.
 */
class LocalCommandITCase {

    private static final String CONDITION = "0x" + "ab".repeat(32);
    private static final String YES =
            "1111111111111111111111111111111111111111111111111111111111111111111111111";
    private static final String NO =
            "2222222222222222222222222222222222222222222222222222222222222222222222222";

    @Test
    void localStreamsAWatchedTokenIntoTheDatabaseAndStopsCleanly() throws Exception {
        Path dataDir = Files.createTempDirectory("polystream-local");
        try (FakePolymarketServer polymarket = FakePolymarketServer.start();
                LocalPostgres pg = LocalPostgres.startTemporary()) {
            polymarket.addBinaryMarket(
                    CONDITION, YES, NO, levels("0.30", "10"), levels("0.34", "10"));
            int metricsPort = freePort();
            LauncherScript.Running local =
                    LauncherScript.start(
                            "local",
                            "--conf",
                            "metrics.reporter.prom.port=" + metricsPort,
                            "--jdbc-url",
                            pg.jdbcUrl(),
                            "--ws-url",
                            polymarket.wsUrl().toString(),
                            "--watch",
                            YES,
                            "--data-dir",
                            dataDir.toString());
            try {
                polymarket.awaitSubscribed(YES, Duration.ofSeconds(120));
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(250))
                        .untilAsserted(
                                () -> assertThat(price(pg, YES)).isEqualByComparingTo("0.32"));
                assertThat(local.process().isAlive()).as(local.output()).isTrue();

                // The job's own metrics are scraped from the Prometheus endpoint.
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(
                                () ->
                                        assertThat(scrape(metricsPort))
                                                .contains("polymarket_subscribedTokens")
                                                .contains("rowsWritten_token_prices")
                                                .contains("tickToCommitMs"));

                local.process().destroy(); // SIGTERM, as Ctrl-C or a service manager would
                assertThat(local.process().waitFor(60, TimeUnit.SECONDS))
                        .as("stopped within 60 s:\n%s", local.output())
                        .isTrue();
                assertThat(local.output()).contains("polystream is running").contains("stopping");
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(polymarket.connectionCount()).isZero());
            } finally {
                local.process().destroyForcibly();
            }
        }
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String scrape(int port) throws Exception {
        var client = java.net.http.HttpClient.newHttpClient();
        var response =
                client.send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create(
                                                "http://127.0.0.1:" + port + "/metrics"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    private static BigDecimal price(LocalPostgres pg, String token) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), "");
                ResultSet rs =
                        c.createStatement()
                                .executeQuery(
                                        "SELECT price FROM token_prices WHERE token_id = '"
                                                + token
                                                + "'")) {
            return rs.next() ? rs.getBigDecimal(1) : null;
        }
    }
}
