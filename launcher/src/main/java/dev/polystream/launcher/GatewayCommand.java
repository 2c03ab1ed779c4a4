package dev.polystream.launcher;

import dev.polystream.gateway.GatewayMain;

/**
 * {@code polystream gateway}: the gateway as its own process (see the gateway's README for its
 * settings); the Telegram bot runs when {@code TELEGRAM_BOT_TOKEN} is set.
 */
final class GatewayCommand {

    private GatewayCommand() {}

    static int run(String[] args) {
        // GatewayMain exits the JVM itself on bad configuration or failed start, and otherwise
        // runs until SIGTERM/Ctrl-C.
        GatewayMain.main(args);
        return 0;
    }
}
