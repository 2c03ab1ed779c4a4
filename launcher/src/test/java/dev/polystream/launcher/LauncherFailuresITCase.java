package dev.polystream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * The expected failures of {@code ./polystream local}: each prints exactly one line saying what is
 * wrong and what to do, no stack trace, and exits non-zero (2 for a wrong argument, 1 for what the
 * surroundings refuse).
 */
class LauncherFailuresITCase {

    private static void assertOneLine(LauncherScript.Result result, int exitCode, String line) {
        assertThat(result.exitCode()).as(result.output()).isEqualTo(exitCode);
        assertThat(result.output().strip()).isEqualTo(line);
    }

    private static void assertOneLine(
            LauncherScript.Result result, int exitCode, String start, String end) {
        assertThat(result.exitCode()).as(result.output()).isEqualTo(exitCode);
        assertThat(result.output().strip().lines()).as(result.output()).hasSize(1);
        assertThat(result.output().strip()).startsWith(start).endsWith(end);
    }

    @Test
    void aMisspeltKeyNamesTheNearestKnownOne() throws Exception {
        assertOneLine(
                LauncherScript.run(60, "local", "--conf", "sink.max-outtage=5 min"),
                2,
                "polystream local: Unknown config key 'sink.max-outtage' in --conf; did you mean"
                        + " 'sink.max-outage'?");
        assertOneLine(
                LauncherScript.run(60, "local", "--conf", "wallet.idle-intervall=1m"),
                2,
                "polystream local: Unknown config key 'wallet.idle-intervall' in --conf; did you"
                        + " mean 'wallet.idle-interval'?");
    }

    @Test
    void aWsUrlThatIsNotAWebSocketIsRefused() throws Exception {
        assertOneLine(
                LauncherScript.run(60, "local", "--ws-url", "https://example.com/ws/market"),
                2,
                "polystream local: --ws-url (ws.url) must start with ws:// or wss://, e.g."
                        + " wss://ws-subscriptions-clob.polymarket.com/ws/market; got"
                        + " 'https://example.com/ws/market'");
    }

    @Test
    void aMalformedJdbcUrlIsRefused() throws Exception {
        assertOneLine(
                LauncherScript.run(60, "local", "--jdbc-url", "postgres://db:5432/p"),
                2,
                "polystream local: --jdbc-url (jdbc.url) must be a PostgreSQL JDBC URL like"
                        + " jdbc:postgresql://127.0.0.1:5432/polystream; got 'postgres://db:5432/p'");
    }

    @Test
    void polymarketUnreachable() throws Exception {
        int closed = freePort();
        assertOneLine(
                LauncherScript.run(
                        60, "local", "--ws-url", "ws://127.0.0.1:" + closed + "/ws/market"),
                1,
                "polystream local: cannot reach Polymarket at ws://127.0.0.1:"
                        + closed
                        + "/ws/market (ConnectException: Connection refused): check the network"
                        + " connection, or point --ws-url at a reachable market channel");
    }

    @Test
    void aPortInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(0));
            int port = taken.getLocalPort();
            assertOneLine(
                    LauncherScript.run(60, "local", "--conf", "metrics.reporter.prom.port=" + port),
                    1,
                    "polystream local: port "
                            + port
                            + " (metrics.reporter.prom.port) is in use by another program: stop"
                            + " it, or choose another port with --conf"
                            + " metrics.reporter.prom.port=PORT");
        }
    }

    @Test
    void databaseUnreachable() throws Exception {
        int noDatabase = freePort();
        // Something answers as "Polymarket", so the check that fails is the database's.
        try (ServerSocket polymarket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertOneLine(
                    LauncherScript.run(
                            120,
                            "local",
                            "--ws-url",
                            "ws://127.0.0.1:" + polymarket.getLocalPort() + "/ws/market",
                            "--jdbc-url",
                            "jdbc:postgresql://127.0.0.1:" + noDatabase + "/polystream"),
                    1,
                    "polystream local: cannot reach the database at jdbc:postgresql://127.0.0.1:"
                            + noDatabase
                            + "/polystream (",
                    "): start PostgreSQL there and check the user and password, or leave out"
                            + " --jdbc-url to use the embedded one");
        }
    }

    @Test
    void databaseUnreachableForMigrate() throws Exception {
        int noDatabase = freePort();
        assertOneLine(
                LauncherScript.run(
                        60,
                        "migrate",
                        "--jdbc-url",
                        "jdbc:postgresql://127.0.0.1:" + noDatabase + "/polystream"),
                1,
                "polystream migrate: cannot reach the database at jdbc:postgresql://127.0.0.1:"
                        + noDatabase
                        + "/polystream (",
                "): start PostgreSQL there and check the user and password"
                        + " (POLYSTREAM_JDBC_PASSWORD, --conf jdbc.user=USER)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
