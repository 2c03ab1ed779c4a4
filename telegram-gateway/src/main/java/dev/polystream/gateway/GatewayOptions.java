package dev.polystream.gateway;

import dev.polystream.ws.config.Durations;
import dev.polystream.ws.config.KnownKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every configuration key of the gateway, with its default and description, in one place. A key can
 * be set (weakest first) by its default, the config file, the environment ({@code POLYSTREAM_} +
 * the key in upper case with '.' and '-' as '_'), or {@code --conf key=value}. Durations use the
 * project's one grammar ({@link Durations}: {@code 500ms}, {@code 30s}, {@code 10 min}, {@code
 * PT5M}); {@link #RENAMED} lists older spellings still read, with a warning.
 */
public final class GatewayOptions {

    /** What a key's value is; durations are read by {@link Durations} (e.g. 500ms, 30s, PT5M). */
    public enum Type {
        STRING,
        INT,
        DURATION,
        URL
    }

    /** One configuration key: declared once with its type, default and description. */
    public record Option(
            String key, Type type, String defaultValue, String description, boolean secret) {

        /** The environment variable that sets this key, e.g. {@code POLYSTREAM_JDBC_URL}. */
        public String envName() {
            return "POLYSTREAM_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        }
    }

    public static final Option JDBC_URL =
            string(
                    "jdbc.url",
                    "jdbc:postgresql://localhost:5432/polystream",
                    "PostgreSQL JDBC URL of the polystream database (already migrated)");
    public static final Option JDBC_USER =
            string("jdbc.user", "polystream_gateway", "PostgreSQL user (the gateway role)");
    public static final Option JDBC_PASSWORD =
            new Option(
                    "jdbc.password",
                    Type.STRING,
                    "",
                    "PostgreSQL password: only from POLYSTREAM_JDBC_PASSWORD or the config file,"
                            + " never --conf",
                    true);
    public static final Option JDBC_POOL_SIZE =
            integer("jdbc.pool-size", "10", "Maximum PostgreSQL connections");
    public static final Option KAFKA_BOOTSTRAP_SERVERS =
            string("kafka.bootstrap-servers", "localhost:9092", "Kafka bootstrap servers");
    public static final Option KAFKA_TOPIC =
            string(
                    "kafka.topic",
                    "polystream.subscriptions",
                    "Subscription-intent topic (created compacted if missing)");
    public static final Option KAFKA_TOPIC_PARTITIONS =
            integer("kafka.topic.partitions", "1", "Partitions when the gateway creates the topic");
    public static final Option KAFKA_TOPIC_REPLICATION_FACTOR =
            integer(
                    "kafka.topic.replication-factor",
                    "1",
                    "Replication factor when the gateway creates the topic");
    public static final Option KAFKA_TIMEOUT =
            duration(
                    "kafka.timeout",
                    "15s",
                    "How long to wait for Kafka acknowledgements and admin answers");
    public static final Option RELAY_POLL_INTERVAL =
            duration("relay.poll-interval", "150ms", "How often the relay looks for unsent rows");
    public static final Option RELAY_BATCH_SIZE =
            integer("relay.batch-size", "500", "Most outbox rows published per round");
    public static final Option RELAY_SENT_RETENTION =
            duration(
                    "relay.sent-retention",
                    "24h",
                    "Sent outbox rows are deleted this long after they were sent; 0 keeps them");

    public static final Option TELEGRAM_API_URL =
            url(
                    "telegram.api-url",
                    "https://api.telegram.org",
                    "Telegram Bot API base URL (tests point it at a fake); the bot token comes only"
                            + " from TELEGRAM_BOT_TOKEN");
    public static final Option TELEGRAM_POLL_TIMEOUT =
            duration("telegram.poll-timeout", "50s", "Long-polling timeout of getUpdates");
    public static final Option TELEGRAM_RATE_LIMIT =
            integer(
                    "telegram.requests-per-second",
                    "25",
                    "Global budget of Bot API requests per second, shared fairly between chats");
    public static final Option CARD_MIN_EDIT_INTERVAL =
            duration(
                    "card.min-edit-interval",
                    "3s",
                    "Least time between two edits of one chat's live positions card");
    public static final Option CARD_REFRESH_INTERVAL =
            duration(
                    "card.refresh-interval",
                    "1s",
                    "How often live cards are re-rendered (an edit is sent only when the text changed)");
    public static final Option CARD_AUTO_REFRESH =
            duration(
                    "card.auto-refresh",
                    "15m",
                    "Live cards stop refreshing this long after the user's last tap");
    public static final Option CARD_PAGE_SIZE =
            integer("card.page-size", "5", "Positions per page of the /positions card");
    public static final Option TRADE_MAX_PRICE_AGE =
            duration(
                    "trade.max-price-age",
                    "30s",
                    "Buys and sells are refused when the price is older than this");
    public static final Option TRADE_PRICE_WAIT =
            duration(
                    "trade.price-wait",
                    "10s",
                    "How long /buy waits for a first live price of a token nobody streamed yet");
    public static final Option TRADE_QUOTE_TTL =
            duration("trade.quote-ttl", "2m", "How long a /buy confirmation stays valid");
    public static final Option BOT_COMMANDS_PER_MINUTE =
            integer(
                    "bot.commands-per-minute",
                    "30",
                    "Per-user limit of commands and button taps per minute");
    public static final Option ALERT_CHECK_INTERVAL =
            duration("alert.check-interval", "1s", "How often alerts are checked against prices");
    public static final Option GAMMA_URL =
            url("gamma.url", "https://gamma-api.polymarket.com", "Gamma REST API base URL");
    public static final Option GAMMA_SYNC_INTERVAL =
            duration(
                    "gamma.sync-interval",
                    "10m",
                    "Market catalogue sync period (at start, then every interval); 0 disables");
    public static final Option GAMMA_MAX_PAGES =
            integer(
                    "gamma.max-pages",
                    "1000",
                    "Most /markets/keyset pages (100 markets each) read per sync");

    public static final Option DATA_API_URL =
            url(
                    "data-api.url",
                    "https://data-api.polymarket.com",
                    "Polymarket Data API base URL (linked wallets' holdings, /v2 routes)");
    public static final Option DATA_API_REQUESTS_PER_SECOND =
            integer(
                    "data-api.requests-per-second",
                    "8",
                    "Global budget of Data API requests per second (Polymarket answers 429 at ~30)");
    public static final Option DATA_API_MAX_CONCURRENCY =
            integer("data-api.max-concurrency", "4", "Most Data API requests in flight at once");
    public static final Option DATA_API_TIMEOUT =
            duration("data-api.timeout", "15s", "Timeout of one Data API request");
    public static final Option DATA_API_MAX_PAGES =
            integer(
                    "data-api.max-pages",
                    "20",
                    "Most /v2/positions pages (1000 rows each) read per wallet; more fails the sync");
    public static final Option WALLET_ACTIVE_INTERVAL =
            duration(
                    "wallet.active-interval",
                    "15s",
                    "Holdings refresh period of a wallet whose trader is looking (a live card)");
    public static final Option WALLET_IDLE_INTERVAL =
            duration(
                    "wallet.idle-interval",
                    "5m",
                    "Holdings refresh period of the other linked wallets");
    public static final Option WALLET_REFRESH_DEBOUNCE =
            duration(
                    "wallet.refresh-debounce",
                    "5s",
                    "/positions refreshes the trader's wallets unless read this recently");
    public static final Option WALLET_MAX_PER_USER =
            integer("wallet.max-per-user", "5", "Most wallets one trader can link");
    public static final Option WALLET_SYNCED_AT_INTERVAL =
            duration(
                    "wallet.synced-at-interval",
                    "1h",
                    "How often wallets.synced_at is recorded when holdings did not change (a"
                            + " change records it at once)");

    public static final Option SECRETS_KEY_FILE =
            string(
                    "secrets.key-file",
                    "",
                    "File holding the base64 AES-256 key that seals traders' credentials (when"
                            + " POLYSTREAM_SECRETS_KEY is not set); none: /connect is refused");

    public static final Option CLOB_URL =
            url(
                    "clob.url",
                    "https://clob.polymarket.com",
                    "Polymarket CLOB REST base URL (connected traders: credential checks and"
                            + " /data/trades)");
    public static final Option USER_CHANNEL_URL =
            string(
                    "user-channel.url",
                    "wss://ws-subscriptions-clob.polymarket.com/ws/user",
                    "Polymarket user channel (WebSocket) of connected traders' own fills");
    public static final Option FILLS_POLL_INTERVAL =
            duration(
                    "fills.poll-interval",
                    "30s",
                    "How often a trader connected with a read-only key has /data/trades read (the"
                            + " user channel needs full L2 credentials)");
    public static final Option FILLS_MAX_PAGES =
            integer(
                    "fills.max-pages",
                    "20",
                    "Most /data/trades pages read per reconciliation (after a connect, a"
                            + " reconnect or a restart)");

    /** Not a setting itself: names a properties file holding settings (and the password). */
    public static final Option CONFIG_FILE =
            string(
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
                    KAFKA_TIMEOUT,
                    RELAY_POLL_INTERVAL,
                    RELAY_BATCH_SIZE,
                    RELAY_SENT_RETENTION,
                    TELEGRAM_API_URL,
                    TELEGRAM_POLL_TIMEOUT,
                    TELEGRAM_RATE_LIMIT,
                    CARD_MIN_EDIT_INTERVAL,
                    CARD_REFRESH_INTERVAL,
                    CARD_AUTO_REFRESH,
                    CARD_PAGE_SIZE,
                    TRADE_MAX_PRICE_AGE,
                    TRADE_PRICE_WAIT,
                    TRADE_QUOTE_TTL,
                    BOT_COMMANDS_PER_MINUTE,
                    ALERT_CHECK_INTERVAL,
                    GAMMA_URL,
                    GAMMA_SYNC_INTERVAL,
                    GAMMA_MAX_PAGES,
                    DATA_API_URL,
                    DATA_API_REQUESTS_PER_SECOND,
                    DATA_API_MAX_CONCURRENCY,
                    DATA_API_TIMEOUT,
                    DATA_API_MAX_PAGES,
                    WALLET_ACTIVE_INTERVAL,
                    WALLET_IDLE_INTERVAL,
                    WALLET_REFRESH_DEBOUNCE,
                    WALLET_MAX_PER_USER,
                    WALLET_SYNCED_AT_INTERVAL,
                    CLOB_URL,
                    USER_CHANNEL_URL,
                    FILLS_POLL_INTERVAL,
                    FILLS_MAX_PAGES,
                    SECRETS_KEY_FILE,
                    CONFIG_FILE);

    /**
     * An older key still read: its value, a bare number in {@code bareUnit}, sets {@code
     * replacement}.
     */
    public record RenamedKey(String key, Option replacement, String bareUnit) {
        /** The environment variable of the old key. */
        public String envName() {
            return "POLYSTREAM_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        }
    }

    /** Keys renamed when their values became durations. */
    public static final Map<String, RenamedKey> RENAMED =
            Map.of(
                    "kafka.timeout-ms", new RenamedKey("kafka.timeout-ms", KAFKA_TIMEOUT, "ms"),
                    "relay.poll-interval-ms",
                            new RenamedKey("relay.poll-interval-ms", RELAY_POLL_INTERVAL, "ms"),
                    "relay.sent-retention-hours",
                            new RenamedKey(
                                    "relay.sent-retention-hours", RELAY_SENT_RETENTION, "h"));

    private GatewayOptions() {}

    /** Every key the gateway reads (deprecated spellings and {@code kafka.client.*} included). */
    public static KnownKeys knownKeys() {
        List<String> keys = new ArrayList<>();
        ALL.forEach(option -> keys.add(option.key()));
        keys.addAll(RENAMED.keySet());
        return KnownKeys.of(keys, List.of(KAFKA_CLIENT_PREFIX));
    }

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
                            "  %-32s %s, env %s%s%n",
                            "",
                            option.type().name().toLowerCase(Locale.ROOT),
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

    private static Option string(String key, String defaultValue, String description) {
        return new Option(key, Type.STRING, defaultValue, description, false);
    }

    private static Option integer(String key, String defaultValue, String description) {
        return new Option(key, Type.INT, defaultValue, description, false);
    }

    private static Option duration(String key, String defaultValue, String description) {
        return new Option(key, Type.DURATION, defaultValue, description, false);
    }

    private static Option url(String key, String defaultValue, String description) {
        return new Option(key, Type.URL, defaultValue, description, false);
    }
}
