package dev.polystream.launcher;

import java.util.Arrays;

/** {@code ./polystream COMMAND [options]}: the one entry point of the launcher script. */
public final class Polystream {

    static final String USAGE =
            """
            usage: polystream COMMAND [options]

            commands:
              local   [--ws-url URL] [--jdbc-url URL] [--kafka HOST:PORT] [--watch WHAT,...]
                      [--data-dir DIR] [--conf key=value ...]
                      The whole system on one machine: embedded PostgreSQL (unless --jdbc-url),
                      an in-process Kafka broker (unless --kafka), the Flink job in a local
                      environment, and the gateway. Runs until interrupted (Ctrl-C).
                      --watch takes token ids, market or event slugs and polymarket.com
                      links (looked up at Gamma, gamma.url).
              gateway [--config-file PATH] [--conf key=value ...]
                      The gateway alone (against a running PostgreSQL and Kafka): the outbox
                      relay, and the Telegram bot when TELEGRAM_BOT_TOKEN is set.
              migrate --jdbc-url URL [--conf jdbc.user=USER]
                      Applies the schema and exits.
              replay  --jdbc-url URL [--conf key=value ...] FILE
                      Runs a capture file (one market-channel frame per line) through the
                      pipeline, treating every token in it as subscribed; exits 0 once every
                      row is written. Replaying twice changes nothing.
              record  [--ws-url URL] --watch TOKEN,... [--conf key=value ...] FILE
                      Appends the market channel's frames for these tokens to FILE, one per
                      line exactly as received (a capture replay accepts), until interrupted.

            Keys (--conf key=value): README.md, "Configuration"; a misspelt key is refused
            with the nearest known one. Durations: 500ms, 30s, 10 min, 1h, PT5M.
            The database password comes from POLYSTREAM_JDBC_PASSWORD or
            --conf jdbc.password-file=FILE, never from the command line.
            """;

    private Polystream() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command; returns the process exit code. */
    static int run(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.err.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return switch (args[0]) {
                case "local" -> LocalCommand.run(rest);
                case "gateway" -> GatewayCommand.run(rest);
                case "migrate" -> MigrateCommand.run(rest);
                case "replay" -> ReplayCommand.run(rest);
                case "record" -> RecordCommand.run(rest);
                default -> {
                    System.err.println("polystream: unknown command '" + args[0] + "'");
                    System.err.print(USAGE);
                    yield 2;
                }
            };
        } catch (IllegalArgumentException e) {
            System.err.println("polystream " + args[0] + ": " + e.getMessage());
            return 2;
        } catch (StartupFailure e) {
            System.err.println("polystream " + args[0] + ": " + e.getMessage());
            return 1;
        }
    }
}
