package dev.polystream.job;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.configuration.Configuration;

/**
 * Parses job arguments into a Flink {@link Configuration}: {@code --conf key=value} for any key
 * (ours or Flink's), plus shorthands {@code --ws-url}, {@code --jdbc-url}, {@code --kafka}, {@code
 * --watch TOKEN,…}. Arguments that are not options (e.g. a replay file) are returned as {@link
 * Parsed#positional()}.
 */
public final class JobArguments {

    private JobArguments() {}

    /** The parsed configuration and the positional arguments, in order. */
    public record Parsed(Configuration configuration, List<String> positional) {}

    public static Parsed parse(String... args) {
        Configuration conf = new Configuration();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--conf", "-D" -> set(conf, value(args, ++i, arg));
                case "--ws-url" -> conf.setString("ws.url", value(args, ++i, arg));
                case "--jdbc-url" -> conf.set(JobOptions.JDBC_URL, value(args, ++i, arg));
                case "--kafka" ->
                        conf.set(JobOptions.KAFKA_BOOTSTRAP_SERVERS, value(args, ++i, arg));
                case "--watch" -> conf.set(JobOptions.WATCH, tokens(value(args, ++i, arg)));
                default -> {
                    if (arg.startsWith("--conf=")) {
                        set(conf, arg.substring("--conf=".length()));
                    } else if (arg.startsWith("--")) {
                        throw new IllegalArgumentException("Unknown option " + arg);
                    } else {
                        positional.add(arg);
                    }
                }
            }
        }
        return new Parsed(conf, List.copyOf(positional));
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static void set(Configuration conf, String keyValue) {
        int eq = keyValue.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--conf takes key=value, got '" + keyValue + "'");
        }
        String key = keyValue.substring(0, eq).trim();
        String value = keyValue.substring(eq + 1).trim();
        if (key.equals(JobOptions.WATCH.key())) {
            conf.set(JobOptions.WATCH, tokens(value));
        } else {
            conf.setString(key, value);
        }
    }

    /** Splits a comma- or semicolon-separated token list, dropping blanks. */
    static List<String> tokens(String list) {
        return Arrays.stream(list.split("[,;\\s]+")).filter(s -> !s.isBlank()).toList();
    }
}
