package dev.polystream.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * Checks made before {@code local} starts anything, so an expected problem costs one line instead
 * of a half-started stack: the fixed ports it was told to use are free, and the market channel's
 * host answers.
 */
final class Preflight {

    /** The market channel when {@code ws.url} is not set (the default of {@code ws.url}). */
    static final String DEFAULT_WS_URL = "wss://ws-subscriptions-clob.polymarket.com/ws/market";

    private static final int CONNECT_TIMEOUT_MS = 5_000;

    private Preflight() {}

    /** Every fixed port in {@code conf} ({@code metrics.reporter.prom.port}, {@code rest.port}). */
    static void checkPorts(Configuration conf) {
        Map<String, String> values = conf.toMap();
        for (String key : new String[] {LocalStack.PROMETHEUS_PORT_KEY, "rest.port"}) {
            String value = values.get(key);
            if (value != null && value.strip().matches("\\d{1,5}")) {
                checkPortFree(key, Integer.parseInt(value.strip()));
            }
        }
    }

    static void checkPortFree(String key, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(port));
        } catch (IOException busy) {
            throw new StartupFailure(
                    "port "
                            + port
                            + " ("
                            + key
                            + ") is in use by another program: stop it, or choose another port"
                            + " with --conf "
                            + key
                            + "=PORT");
        }
    }

    /** The market channel's host accepts a TCP connection within 5 s. */
    static void checkPolymarket(Configuration conf) {
        String url = conf.toMap().getOrDefault("ws.url", DEFAULT_WS_URL);
        URI uri = URI.create(url);
        int port = uri.getPort() > 0 ? uri.getPort() : "wss".equals(uri.getScheme()) ? 443 : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), port), CONNECT_TIMEOUT_MS);
        } catch (IOException e) {
            throw new StartupFailure(
                    "cannot reach Polymarket at "
                            + url
                            + " ("
                            + describe(e)
                            + "): check the network connection, or point --ws-url at a reachable"
                            + " market channel");
        }
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        String name = e.getClass().getSimpleName();
        return message == null || message.isBlank() ? name : name + ": " + message;
    }
}
