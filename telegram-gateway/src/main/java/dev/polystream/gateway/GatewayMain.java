package dev.polystream.gateway;

import dev.polystream.gateway.bot.TelegramBot;
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
        TelegramBot bot = null;
        String token = System.getenv(TelegramBot.TOKEN_ENV);
        if (token != null && !token.isBlank()) {
            try {
                bot = TelegramBot.start(gateway, token);
            } catch (RuntimeException e) {
                LOG.error("Telegram bot failed to start: {}", e.getMessage());
                gateway.close();
                System.exit(1);
                return;
            }
        } else {
            LOG.info(
                    "{} is not set: running without the Telegram bot (positions service and"
                            + " outbox relay only)",
                    TelegramBot.TOKEN_ENV);
        }
        TelegramBot runningBot = bot;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    LOG.info("Shutting down");
                                    if (runningBot != null) {
                                        runningBot.close();
                                    }
                                    gateway.close();
                                    stopped.countDown();
                                },
                                "gateway-shutdown"));
        LOG.info("Gateway running; stop it with SIGTERM or Ctrl-C");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (runningBot != null) {
                runningBot.close();
            }
            gateway.close();
        }
    }

    static String usage() {
        return "Usage: GatewayMain [--config-file PATH] [--conf key=value ...]\n"
                + "The Telegram bot runs when TELEGRAM_BOT_TOKEN is set (the token is read from"
                + " the environment only).\n"
                + "Settings, weakest first: defaults, config file (or POLYSTREAM_CONFIG_FILE),"
                + " environment, --conf.\n"
                + GatewayOptions.describe();
    }
}
