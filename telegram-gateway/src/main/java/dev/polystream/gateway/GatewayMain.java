package dev.polystream.gateway;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the gateway as a process until SIGTERM/SIGINT: {@code GatewayMain [--config-file PATH]
 * [--conf key=value ...]}. Exit code 2 for bad configuration, 1 when start-up fails.
 */
public final class GatewayMain {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);

    private GatewayMain() {}

    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--help")) {
            System.out.print(usage());
            return;
        }
        GatewayConfig config;
        try {
            config = GatewayConfig.fromArgs(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("Bad configuration: " + e.getMessage());
            System.err.print(usage());
            System.exit(2);
            return;
        }
        Gateway gateway;
        try {
            gateway = Gateway.start(config);
        } catch (RuntimeException e) {
            LOG.error("Gateway failed to start: {}", e.getMessage());
            System.exit(1);
            return;
        }
        // Seam for the Telegram bot (a later issue): build it here from gateway.positions(), start
        // it, and close it in the shutdown hook before the gateway.
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    LOG.info("Shutting down");
                                    gateway.close();
                                    stopped.countDown();
                                },
                                "gateway-shutdown"));
        LOG.info("Gateway running; stop it with SIGTERM or Ctrl-C");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            gateway.close();
        }
    }

    static String usage() {
        return "Usage: GatewayMain [--config-file PATH] [--conf key=value ...]\n"
                + "Settings, weakest first: defaults, config file (or POLYSTREAM_CONFIG_FILE),"
                + " environment, --conf.\n"
                + GatewayOptions.describe();
    }
}
