package dev.polystream.gateway;

import static dev.polystream.gateway.GatewayOptions.CONFIG_FILE;
import static dev.polystream.gateway.GatewayOptions.JDBC_PASSWORD;
import static dev.polystream.gateway.GatewayOptions.JDBC_POOL_SIZE;
import static dev.polystream.gateway.GatewayOptions.JDBC_URL;
import static dev.polystream.gateway.GatewayOptions.JDBC_USER;
import static dev.polystream.gateway.GatewayOptions.KAFKA_BOOTSTRAP_SERVERS;
import static dev.polystream.gateway.GatewayOptions.KAFKA_CLIENT_PREFIX;
import static dev.polystream.gateway.GatewayOptions.KAFKA_TIMEOUT;
import static dev.polystream.gateway.GatewayOptions.KAFKA_TOPIC;
import static dev.polystream.gateway.GatewayOptions.KAFKA_TOPIC_PARTITIONS;
import static dev.polystream.gateway.GatewayOptions.KAFKA_TOPIC_REPLICATION_FACTOR;
import static dev.polystream.gateway.GatewayOptions.RELAY_BATCH_SIZE;
import static dev.polystream.gateway.GatewayOptions.RELAY_POLL_INTERVAL;
import static dev.polystream.gateway.GatewayOptions.RELAY_SENT_RETENTION;
import static dev.polystream.gateway.OptionValues.duration;
import static dev.polystream.gateway.OptionValues.integer;
import static dev.polystream.gateway.OptionValues.requireRange;

import dev.polystream.gateway.GatewayOptions.Option;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's settings. Build it with {@link #fromEnv()}, {@link #fromArgs} or {@link #from}; see
 * {@link GatewayOptions} for the keys. {@link #toString()} never shows the password.
 *
 * @param kafkaClientProperties extra Kafka client settings ({@code kafka.client.*}, prefix removed)
 */
public record GatewayConfig(
        String jdbcUrl,
        String jdbcUser,
        String jdbcPassword,
        int jdbcPoolSize,
        String kafkaBootstrapServers,
        String kafkaTopic,
        int kafkaTopicPartitions,
        short kafkaTopicReplicationFactor,
        Duration kafkaTimeout,
        Map<String, String> kafkaClientProperties,
        Duration relayPollInterval,
        int relayBatchSize,
        Duration relaySentRetention,
        BotSettings bot,
        WalletSettings wallets,
        FillSettings fills) {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayConfig.class);

    public GatewayConfig {
        jdbcUrl = required(JDBC_URL, jdbcUrl);
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(
                    JDBC_URL.key()
                            + " must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db), got '"
                            + redactUrl(jdbcUrl)
                            + "'");
        }
        jdbcUser = required(JDBC_USER, jdbcUser);
        jdbcPassword = jdbcPassword == null ? "" : jdbcPassword;
        requireRange(JDBC_POOL_SIZE, jdbcPoolSize, 2, 200);
        kafkaBootstrapServers = required(KAFKA_BOOTSTRAP_SERVERS, kafkaBootstrapServers);
        kafkaTopic = required(KAFKA_TOPIC, kafkaTopic);
        if (!kafkaTopic.matches("[a-zA-Z0-9._-]{1,249}")) {
            throw new IllegalArgumentException(
                    KAFKA_TOPIC.key()
                            + " must be 1-249 letters, digits, '.', '_' or '-', got '"
                            + kafkaTopic
                            + "'");
        }
        requireRange(KAFKA_TOPIC_PARTITIONS, kafkaTopicPartitions, 1, 10_000);
        requireRange(KAFKA_TOPIC_REPLICATION_FACTOR, kafkaTopicReplicationFactor, 1, 32);
        requireRange(KAFKA_TIMEOUT, kafkaTimeout.toMillis(), 1000, 300_000);
        kafkaClientProperties = Map.copyOf(kafkaClientProperties);
        requireRange(RELAY_POLL_INTERVAL, relayPollInterval.toMillis(), 10, 60_000);
        requireRange(RELAY_BATCH_SIZE, relayBatchSize, 1, 10_000);
        if (bot == null || wallets == null || fills == null) {
            throw new IllegalArgumentException("No bot, wallet or fill settings given");
        }
        if (relaySentRetention.isNegative()) {
            throw new IllegalArgumentException(RELAY_SENT_RETENTION.key() + " must be 0 or more");
        }
    }

    /** Defaults overridden by the environment (and the config file it names). */
    public static GatewayConfig fromEnv() {
        return from(Map.of(), System.getenv());
    }

    /**
     * Parses {@code --conf key=value} (repeatable), {@code --config-file PATH}, over the
     * environment.
     *
     * @throws IllegalArgumentException on an unknown argument or key, a bad value, or a password on
     *     the command line
     */
    public static GatewayConfig fromArgs(String[] args, Map<String, String> env) {
        Map<String, String> conf = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--conf") || arg.equals("--config-file")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                String value = args[++i];
                if (arg.equals("--config-file")) {
                    conf.put(CONFIG_FILE.key(), value);
                } else {
                    int eq = value.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException(
                                "--conf expects key=value, got '" + value + "'");
                    }
                    conf.put(value.substring(0, eq).strip(), value.substring(eq + 1).strip());
                }
            } else {
                throw new IllegalArgumentException("Unknown argument '" + arg + "'");
            }
        }
        return from(conf, env);
    }

    /**
     * Settings from {@code conf} ({@code --conf}-style keys), over the environment, over the config
     * file ({@code config.file} in {@code conf}, or {@code POLYSTREAM_CONFIG_FILE}), over the
     * defaults. {@code jdbc.password} is refused in {@code conf}: it comes from {@code
     * POLYSTREAM_JDBC_PASSWORD}, the config file or {@link #withJdbcPassword}.
     */
    public static GatewayConfig from(Map<String, String> conf, Map<String, String> env) {
        if (conf.containsKey(JDBC_PASSWORD.key())) {
            throw new IllegalArgumentException(
                    JDBC_PASSWORD.key()
                            + " must not be given as --conf (it would show in the process list);"
                            + " set "
                            + JDBC_PASSWORD.envName()
                            + " or put it in the config file");
        }
        Map<String, String> values = new HashMap<>();
        for (Option option : GatewayOptions.all()) {
            values.put(option.key(), option.defaultValue());
        }
        Map<String, String> clientProperties = new TreeMap<>();

        String file = conf.getOrDefault(CONFIG_FILE.key(), env.get(CONFIG_FILE.envName()));
        if (file != null && !file.isBlank()) {
            apply(readFile(Path.of(file)), "config file " + file, values, clientProperties);
        }
        for (Option option : GatewayOptions.all()) {
            String value = env.get(option.envName());
            if (value != null && option != CONFIG_FILE) {
                values.put(option.key(), value.strip());
            }
        }
        for (GatewayOptions.RenamedKey old : GatewayOptions.RENAMED.values()) {
            String value = env.get(old.envName());
            if (value != null && env.get(old.replacement().envName()) == null) {
                values.put(old.replacement().key(), renamed(old, value, "env " + old.envName()));
            }
        }
        apply(conf, "--conf", values, clientProperties);

        return new GatewayConfig(
                values.get(JDBC_URL.key()),
                values.get(JDBC_USER.key()),
                values.get(JDBC_PASSWORD.key()),
                integer(JDBC_POOL_SIZE, values),
                values.get(KAFKA_BOOTSTRAP_SERVERS.key()),
                values.get(KAFKA_TOPIC.key()),
                integer(KAFKA_TOPIC_PARTITIONS, values),
                (short) integer(KAFKA_TOPIC_REPLICATION_FACTOR, values),
                duration(KAFKA_TIMEOUT, values),
                clientProperties,
                duration(RELAY_POLL_INTERVAL, values),
                integer(RELAY_BATCH_SIZE, values),
                duration(RELAY_SENT_RETENTION, values),
                BotSettings.from(values),
                WalletSettings.from(values),
                FillSettings.from(values));
    }

    /** A copy with the password set in code (e.g. by a launcher that owns the database). */
    public GatewayConfig withJdbcPassword(String password) {
        return new GatewayConfig(
                jdbcUrl,
                jdbcUser,
                password,
                jdbcPoolSize,
                kafkaBootstrapServers,
                kafkaTopic,
                kafkaTopicPartitions,
                kafkaTopicReplicationFactor,
                kafkaTimeout,
                kafkaClientProperties,
                relayPollInterval,
                relayBatchSize,
                relaySentRetention,
                bot,
                wallets,
                fills);
    }

    /** The JDBC URL without any password parameter, for logs. */
    public String redactedJdbcUrl() {
        return redactUrl(jdbcUrl);
    }

    @Override
    public String toString() {
        Map<String, String> clients = new TreeMap<>();
        kafkaClientProperties.forEach((k, v) -> clients.put(k, isSecretKey(k) ? "***" : v));
        return "GatewayConfig[jdbc.url="
                + redactedJdbcUrl()
                + ", jdbc.user="
                + jdbcUser
                + ", jdbc.password="
                + (jdbcPassword.isEmpty() ? "(none)" : "***")
                + ", jdbc.pool-size="
                + jdbcPoolSize
                + ", kafka.bootstrap-servers="
                + kafkaBootstrapServers
                + ", kafka.topic="
                + kafkaTopic
                + ", kafka.topic.partitions="
                + kafkaTopicPartitions
                + ", kafka.topic.replication-factor="
                + kafkaTopicReplicationFactor
                + ", kafka.timeout="
                + kafkaTimeout.toMillis()
                + "ms"
                + ", kafka.client="
                + clients
                + ", relay.poll-interval="
                + relayPollInterval.toMillis()
                + "ms"
                + ", relay.batch-size="
                + relayBatchSize
                + ", relay.sent-retention="
                + relaySentRetention.toHours()
                + "h"
                + ", "
                + bot
                + ", "
                + wallets
                + ", "
                + fills
                + "]";
    }

    private static void apply(
            Map<String, String> source,
            String origin,
            Map<String, String> values,
            Map<String, String> clientProperties) {
        for (Map.Entry<String, String> entry : source.entrySet()) {
            String key = entry.getKey();
            String value = entry.getValue() == null ? "" : entry.getValue().strip();
            if (key.startsWith(KAFKA_CLIENT_PREFIX)
                    && key.length() > KAFKA_CLIENT_PREFIX.length()) {
                clientProperties.put(key.substring(KAFKA_CLIENT_PREFIX.length()), value);
            } else if (GatewayOptions.byKey(key) != null) {
                if (!key.equals(CONFIG_FILE.key())) {
                    values.put(key, value);
                }
            } else if (GatewayOptions.RENAMED.containsKey(key)) {
                GatewayOptions.RenamedKey old = GatewayOptions.RENAMED.get(key);
                values.put(old.replacement().key(), renamed(old, value, origin));
            } else {
                throw new IllegalArgumentException(
                        GatewayOptions.knownKeys().unknownKeyMessage(key, origin));
            }
        }
    }

    private static Map<String, String> readFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "Cannot read config file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            if (name.equals(CONFIG_FILE.key())) {
                throw new IllegalArgumentException(
                        "Config file " + file + " cannot name another config file");
            }
            values.put(name, properties.getProperty(name));
        }
        return values;
    }

    private static String required(Option option, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    option.key() + " is not set (env " + option.envName() + ")");
        }
        return value.strip();
    }

    /** The value of a renamed key for its replacement; warns once per use. */
    private static String renamed(GatewayOptions.RenamedKey old, String value, String origin) {
        String text = value == null ? "" : value.strip();
        String converted =
                dev.polystream.ws.config.Durations.isBareNumber(text)
                        ? text + old.bareUnit()
                        : text;
        LOG.warn(
                "{} in {} is deprecated: read as {}={}",
                old.key(),
                origin,
                old.replacement().key(),
                converted);
        return converted;
    }

    private static boolean isSecretKey(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.contains("password") || lower.contains("secret") || lower.contains("jaas");
    }

    static String redactUrl(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
