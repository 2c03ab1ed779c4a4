package dev.polystream.gateway;

import java.util.List;
import java.util.Locale;

/**
 * Every configuration key of the gateway, with its default and description, in one place. A key can
 * be set (weakest first) by its default, the config file, the environment ({@code POLYSTREAM_} +
 * the key in upper case with '.' and '-' as '_'), or {@code --conf key=value}.
 */
public final class GatewayOptions {

    /** One configuration key. */
    public record Option(String key, String defaultValue, String description, boolean secret) {

        /** The environment variable that sets this key, e.g. {@code POLYSTREAM_JDBC_URL}. */
        public String envName() {
            return "POLYSTREAM_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        }
    }

    public static final Option JDBC_URL =
            option(
                    "jdbc.url",
                    "jdbc:postgresql://localhost:5432/polystream",
                    "PostgreSQL JDBC URL of the polystream database (already migrated)");
    public static final Option JDBC_USER =
            option("jdbc.user", "polystream_gateway", "PostgreSQL user (the gateway role)");
    public static final Option JDBC_PASSWORD =
            new Option(
                    "jdbc.password",
                    "",
                    "PostgreSQL password: only from POLYSTREAM_JDBC_PASSWORD or the config file,"
                            + " never --conf",
                    true);
    public static final Option JDBC_POOL_SIZE =
            option("jdbc.pool-size", "10", "Maximum PostgreSQL connections");
    public static final Option KAFKA_BOOTSTRAP_SERVERS =
            option("kafka.bootstrap-servers", "localhost:9092", "Kafka bootstrap servers");
    public static final Option KAFKA_TOPIC =
            option(
                    "kafka.topic",
                    "polystream.subscriptions",
                    "Subscription-intent topic (created compacted if missing)");
    public static final Option KAFKA_TOPIC_PARTITIONS =
            option("kafka.topic.partitions", "1", "Partitions when the gateway creates the topic");
    public static final Option KAFKA_TOPIC_REPLICATION_FACTOR =
            option(
                    "kafka.topic.replication-factor",
                    "1",
                    "Replication factor when the gateway creates the topic");
    public static final Option KAFKA_TIMEOUT_MS =
            option(
                    "kafka.timeout-ms",
                    "15000",
                    "How long to wait for Kafka acknowledgements and admin answers");
    public static final Option RELAY_POLL_INTERVAL_MS =
            option("relay.poll-interval-ms", "150", "How often the relay looks for unsent rows");
    public static final Option RELAY_BATCH_SIZE =
            option("relay.batch-size", "500", "Most outbox rows published per round");
    public static final Option RELAY_SENT_RETENTION_HOURS =
            option(
                    "relay.sent-retention-hours",
                    "24",
                    "Sent outbox rows are deleted after this many hours; 0 keeps them");

    /** Not a setting itself: names a properties file holding settings (and the password). */
    public static final Option CONFIG_FILE =
            option(
                    "config.file",
                    "",
                    "Java properties file with any of these keys (the place for jdbc.password)");

    /**
     * Keys starting with this prefix are handed to the Kafka clients without it, e.g. {@code
     * kafka.client.security.protocol=SSL}. Config file or {@code --conf} only.
     */
    public static final String KAFKA_CLIENT_PREFIX = "kafka.client.";

    private static final List<Option> ALL =
            List.of(
                    JDBC_URL,
                    JDBC_USER,
                    JDBC_PASSWORD,
                    JDBC_POOL_SIZE,
                    KAFKA_BOOTSTRAP_SERVERS,
                    KAFKA_TOPIC,
                    KAFKA_TOPIC_PARTITIONS,
                    KAFKA_TOPIC_REPLICATION_FACTOR,
                    KAFKA_TIMEOUT_MS,
                    RELAY_POLL_INTERVAL_MS,
                    RELAY_BATCH_SIZE,
                    RELAY_SENT_RETENTION_HOURS,
                    CONFIG_FILE);

    private GatewayOptions() {}

    public static List<Option> all() {
        return ALL;
    }

    public static Option byKey(String key) {
        for (Option option : ALL) {
            if (option.key().equals(key)) {
                return option;
            }
        }
        return null;
    }

    /** The option table for {@code --help}. */
    public static String describe() {
        StringBuilder text = new StringBuilder();
        for (Option option : ALL) {
            text.append(
                    String.format(Locale.ROOT, "  %-32s %s%n", option.key(), option.description()));
            text.append(
                    String.format(
                            Locale.ROOT,
                            "  %-32s env %s%s%n",
                            "",
                            option.envName(),
                            option.defaultValue().isEmpty() || option.secret()
                                    ? ""
                                    : ", default " + option.defaultValue()));
        }
        text.append(
                String.format(
                        Locale.ROOT,
                        "  %-32s %s%n",
                        KAFKA_CLIENT_PREFIX + "*",
                        "Passed to the Kafka clients (e.g. kafka.client.security.protocol)"));
        return text.toString();
    }

    private static Option option(String key, String defaultValue, String description) {
        return new Option(key, defaultValue, description, false);
    }
}
