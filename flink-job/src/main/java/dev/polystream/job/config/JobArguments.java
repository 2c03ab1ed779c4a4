package dev.polystream.job.config;

import dev.polystream.ws.config.KnownKeys;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.FallbackKey;

/**
 * Parses job arguments into a Flink {@link Configuration}: {@code --conf key=value} for any key
 * (ours or Flink's), plus shorthands {@code --ws-url}, {@code --jdbc-url}, {@code --kafka}, {@code
 * --watch TOKEN,…}. Arguments that are not options (e.g. a replay file) are returned as {@link
 * Parsed#positional()}. A key under the project's own prefixes that no option declares is refused
 * with the nearest known key; so is a {@code ws.url} that is not ws:// or wss:// and a {@code
 * jdbc.url} that is not a PostgreSQL JDBC URL.
 */
public final class JobArguments {

    private JobArguments() {}

    /** The parsed configuration and the positional arguments, in order. */
    public record Parsed(Configuration configuration, List<String> positional) {}

    /**
     * Parses the job's arguments: only the job's own keys ({@link PolystreamOptions}) are known.
     */
    public static Parsed parse(String... args) {
        return parse(List.of(), args);
    }

    /**
     * Parses arguments of a process that also reads {@code alsoKnown} keys (the launcher's {@code
     * local} passes the gateway's keys on); an entry ending in '.' stands for every key under it.
     */
    public static Parsed parse(Collection<String> alsoKnown, String... args) {
        Parsed parsed = parseUnchecked(args);
        KnownKeys known = knownKeys(alsoKnown);
        for (String key : parsed.configuration().keySet()) {
            known.check(key, "--conf");
        }
        checkUrls(parsed.configuration());
        return parsed;
    }

    /** The job's keys, their fallback spellings, and {@code alsoKnown}. */
    public static KnownKeys knownKeys(Collection<String> alsoKnown) {
        List<String> keys = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        for (String key : alsoKnown) {
            (key.endsWith(".") ? prefixes : keys).add(key);
        }
        for (ConfigOption<?> option : PolystreamOptions.all()) {
            keys.add(option.key());
            for (FallbackKey fallback : option.fallbackKeys()) {
                keys.add(fallback.getKey());
            }
        }
        return KnownKeys.of(keys, prefixes);
    }

    private static void checkUrls(Configuration conf) {
        String ws = conf.toMap().get("ws.url");
        if (ws != null && !(ws.startsWith("ws://") || ws.startsWith("wss://"))) {
            throw new IllegalArgumentException(
                    "--ws-url (ws.url) must start with ws:// or wss://, e.g."
                            + " wss://ws-subscriptions-clob.polymarket.com/ws/market; got '"
                            + ws
                            + "'");
        }
        String jdbc = conf.toMap().get(JobOptions.JDBC_URL.key());
        if (jdbc != null && !jdbc.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException(
                    "--jdbc-url (jdbc.url) must be a PostgreSQL JDBC URL like"
                            + " jdbc:postgresql://127.0.0.1:5432/polystream; got '"
                            + jdbc.replaceAll("(?i)(password=)[^&;]*", "$1***")
                            + "'");
        }
    }

    private static Parsed parseUnchecked(String... args) {
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
