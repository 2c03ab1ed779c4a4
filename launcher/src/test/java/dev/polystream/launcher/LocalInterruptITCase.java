package dev.polystream.launcher;

import static dev.polystream.ws.testing.FakePolymarketServer.levels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.polystream.ws.testing.FakeGammaServer;
import dev.polystream.ws.testing.FakePolymarketServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code ./polystream local --watch <polymarket.com link>} as a newcomer runs it in a terminal: the
 * link is resolved through (the fake) Gamma to the market's tokens, which the (fake) exchange sees
 * subscribed; Ctrl-C (SIGINT to the whole process group, the embedded database's server included)
 * stops the job, the gateway, Kafka and PostgreSQL in that order, with no ERROR line and no stack
 * trace, and the process exits 0.
 */
class LocalInterruptITCase {

    private static final String CONDITION = "0x" + "ef".repeat(32);
    private static final String YES = "6".repeat(77);
    private static final String NO = "7".repeat(77);

    @Test
    void ctrlCStopsEverythingInOrderWithoutAnError() throws Exception {
        Path dataDir = Files.createTempDirectory("polystream-interrupt");
        try (FakePolymarketServer polymarket = FakePolymarketServer.start();
                FakeGammaServer gamma = FakeGammaServer.start()) {
            polymarket.addBinaryMarket(
                    CONDITION, YES, NO, levels("0.40", "10"), levels("0.44", "10"));
            gamma.addMarket(
                    FakeGammaServer.market(
                            "777",
                            "Will the launcher stop cleanly?",
                            "launcher-stops-cleanly",
                            CONDITION,
                            List.of("Yes", "No"),
                            List.of(YES, NO),
                            List.of("0.42", "0.58")));
            LauncherScript.Running local =
                    LauncherScript.startInOwnSession(
                            Map.of(),
                            "local",
                            "--watch",
                            "https://polymarket.com/market/launcher-stops-cleanly",
                            "--conf",
                            "gamma.url=" + gamma.baseUrl(),
                            "--conf",
                            "metrics.reporter.prom.port=" + freePort(),
                            "--ws-url",
                            polymarket.wsUrl().toString(),
                            "--data-dir",
                            dataDir.toString());
            try {
                polymarket.awaitSubscribed(YES, Duration.ofSeconds(120));
                polymarket.awaitSubscribed(NO, Duration.ofSeconds(30));
                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(
                                () -> assertThat(local.output()).contains("polystream is running"));

                LauncherScript.pressCtrlC(local);
                assertThat(local.process().waitFor(90, TimeUnit.SECONDS))
                        .as("stopped within 90 s:\n%s", local.output())
                        .isTrue();
                String output = local.output();
                assertThat(local.process().exitValue()).as(output).isZero();
                assertThat(output)
                        .contains(
                                "--watch https://polymarket.com/market/launcher-stops-cleanly: 1"
                                        + " market(s)")
                        .doesNotContain(" ERROR ")
                        .doesNotContain("\tat ")
                        .doesNotContain("Exception:");
                assertThat(gamma.requests()).contains("/markets/slug/launcher-stops-cleanly");
                int interrupted = output.indexOf("Interrupted: stopping");
                int gatewayStopped = output.indexOf("Gateway stopped");
                int postgresStopped = output.indexOf("PostgreSQL on port");
                int stopped = output.lastIndexOf(" - Stopped");
                assertThat(interrupted).as(output).isPositive();
                assertThat(gatewayStopped).as(output).isGreaterThan(interrupted);
                assertThat(postgresStopped).as(output).isGreaterThan(gatewayStopped);
                assertThat(stopped).as(output).isGreaterThan(postgresStopped);
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(polymarket.connectionCount()).isZero());
            } finally {
                local.process().destroyForcibly();
            }
        }
    }

    @Test
    void ctrlCDuringStartUpStopsOnceTheStackIsUp() throws Exception {
        Path dataDir = Files.createTempDirectory("polystream-interrupt-early");
        try (FakePolymarketServer polymarket = FakePolymarketServer.start()) {
            LauncherScript.Running local =
                    LauncherScript.startInOwnSession(
                            Map.of(),
                            "local",
                            "--conf",
                            "metrics.reporter.prom.port=" + freePort(),
                            "--ws-url",
                            polymarket.wsUrl().toString(),
                            "--data-dir",
                            dataDir.toString());
            try {
                await().atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(50))
                        .untilAsserted(
                                () -> assertThat(local.output()).contains("PostgreSQL listening"));
                LauncherScript.pressCtrlC(local);
                assertThat(local.process().waitFor(90, TimeUnit.SECONDS))
                        .as("stopped within 90 s:\n%s", local.output())
                        .isTrue();
                String output = local.output();
                assertThat(local.process().exitValue()).as(output).isZero();
                assertThat(output)
                        .doesNotContain(" ERROR ")
                        .doesNotContain("\tat ")
                        .doesNotContain("Exception:");
                int interrupted = output.indexOf("Interrupted: stopping");
                int postgresStopped = output.indexOf("PostgreSQL on port");
                assertThat(interrupted).as(output).isPositive();
                assertThat(postgresStopped).as(output).isGreaterThan(interrupted);
                assertThat(output.lastIndexOf(" - Stopped"))
                        .as(output)
                        .isGreaterThan(postgresStopped);
            } finally {
                local.process().destroyForcibly();
            }
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
