package dev.polystream.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigTest {

    @TempDir Path dir;

    @Test
    void shouldUseTheDefaults() {
        GatewayConfig config = GatewayConfig.from(Map.of(), Map.of());

        assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/polystream");
        assertThat(config.jdbcUser()).isEqualTo("polystream_gateway");
        assertThat(config.jdbcPassword()).isEmpty();
        assertThat(config.kafkaBootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.kafkaTopic()).isEqualTo("polystream.subscriptions");
        assertThat(config.relayPollInterval()).isEqualTo(Duration.ofMillis(150));
        assertThat(config.relayBatchSize()).isEqualTo(500);
        assertThat(config.relaySentRetention()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void shouldLayerFileThenEnvironmentThenConf() throws IOException {
        Path file = dir.resolve("gateway.properties");
        Files.writeString(
                file,
                "jdbc.url=jdbc:postgresql://file:5432/db\n"
                        + "jdbc.user=file-user\n"
                        + "jdbc.password=from-file\n"
                        + "kafka.topic=file.topic\n"
                        + "kafka.client.security.protocol=SSL\n");
        Map<String, String> env =
                Map.of(
                        "POLYSTREAM_CONFIG_FILE", file.toString(),
                        "POLYSTREAM_JDBC_USER", "env-user",
                        "POLYSTREAM_KAFKA_TOPIC", "env.topic",
                        "POLYSTREAM_RELAY_POLL_INTERVAL_MS", "100");

        GatewayConfig config =
                GatewayConfig.fromArgs(
                        new String[] {
                            "--conf", "kafka.topic=conf.topic", "--conf", "relay.batch-size=50"
                        },
                        env);

        assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://file:5432/db");
        assertThat(config.jdbcUser()).isEqualTo("env-user");
        assertThat(config.jdbcPassword()).isEqualTo("from-file");
        assertThat(config.kafkaTopic()).isEqualTo("conf.topic");
        assertThat(config.relayPollInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.relayBatchSize()).isEqualTo(50);
        assertThat(config.kafkaClientProperties()).containsEntry("security.protocol", "SSL");
    }

    @Test
    void shouldTakeThePasswordFromTheEnvironmentButNeverFromConf() {
        assertThat(
                        GatewayConfig.from(Map.of(), Map.of("POLYSTREAM_JDBC_PASSWORD", "s3cret"))
                                .jdbcPassword())
                .isEqualTo("s3cret");
        assertThatThrownBy(
                        () ->
                                GatewayConfig.fromArgs(
                                        new String[] {"--conf", "jdbc.password=s3cret"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("POLYSTREAM_JDBC_PASSWORD")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void shouldNeverShowSecretsInToString() {
        GatewayConfig config =
                GatewayConfig.from(
                                Map.of(
                                        "jdbc.url",
                                        "jdbc:postgresql://db:5432/p?user=x&password=urlsecret",
                                        "kafka.client.sasl.jaas.config",
                                        "jaas-secret"),
                                Map.of())
                        .withJdbcPassword("pw-secret");

        assertThat(config.toString())
                .doesNotContain("urlsecret", "pw-secret", "jaas-secret")
                .contains("jdbc.password=***", "password=***", "sasl.jaas.config=***");
        assertThat(config.redactedJdbcUrl())
                .isEqualTo("jdbc:postgresql://db:5432/p?user=x&password=***");
    }

    @Test
    void shouldExplainBadKeysAndValues() {
        assertThatThrownBy(() -> GatewayConfig.from(Map.of("jdbc.urll", "x"), Map.of()))
                .hasMessage("Unknown config key 'jdbc.urll' in --conf; did you mean 'jdbc.url'?");
        assertThatThrownBy(
                        () -> GatewayConfig.from(Map.of("wallet.idle-intervall", "1m"), Map.of()))
                .hasMessageContaining("did you mean 'wallet.idle-interval'?");
        assertThatThrownBy(() -> GatewayConfig.from(Map.of("relay.batch-size", "lots"), Map.of()))
                .hasMessage("relay.batch-size must be a whole number, got 'lots'");
        assertThatThrownBy(() -> GatewayConfig.from(Map.of("relay.batch-size", "0"), Map.of()))
                .hasMessage("relay.batch-size must be between 1 and 10000, got 0");
        assertThatThrownBy(() -> GatewayConfig.from(Map.of("jdbc.url", "mysql://x"), Map.of()))
                .hasMessageStartingWith("jdbc.url must be a PostgreSQL JDBC URL");
        assertThatThrownBy(() -> GatewayConfig.fromArgs(new String[] {"--conf"}, Map.of()))
                .hasMessage("--conf needs a value");
        assertThatThrownBy(() -> GatewayConfig.fromArgs(new String[] {"--verbose"}, Map.of()))
                .hasMessage("Unknown argument '--verbose'");
        assertThatThrownBy(
                        () ->
                                GatewayConfig.from(
                                        Map.of("config.file", dir.resolve("nope").toString()),
                                        Map.of()))
                .hasMessageStartingWith("Cannot read config file");
    }

    @Test
    void shouldNameEveryKeyInTheUsage() {
        String usage = GatewayMain.usage();
        for (GatewayOptions.Option option : GatewayOptions.all()) {
            assertThat(usage).contains(option.key(), option.envName());
        }
    }

    @Test
    void shouldParseTheBotSettingsWithDurations() {
        GatewayConfig config =
                GatewayConfig.from(
                        Map.of(
                                "trade.max-price-age", "45s",
                                "card.min-edit-interval", "2500ms",
                                "card.auto-refresh", "20m",
                                "gamma.sync-interval", "0",
                                "telegram.api-url", "http://127.0.0.1:8081"),
                        Map.of("POLYSTREAM_BOT_COMMANDS_PER_MINUTE", "12"));
        BotSettings bot = config.bot();
        assertThat(bot.maxPriceAge()).isEqualTo(Duration.ofSeconds(45));
        assertThat(bot.cardMinEditInterval()).isEqualTo(Duration.ofMillis(2500));
        assertThat(bot.cardAutoRefresh()).isEqualTo(Duration.ofMinutes(20));
        assertThat(bot.gammaSyncInterval()).isZero();
        assertThat(bot.commandsPerMinute()).isEqualTo(12);
        assertThat(bot.telegramApiUrl().getPort()).isEqualTo(8081);

        BotSettings defaults = GatewayConfig.from(Map.of(), Map.of()).bot();
        assertThat(defaults.maxPriceAge()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.cardMinEditInterval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(defaults.cardAutoRefresh()).isEqualTo(Duration.ofMinutes(15));
        assertThat(defaults.telegramApiUrl().toString()).isEqualTo("https://api.telegram.org");
    }

    @Test
    void shouldRefuseBadBotSettingsAndHaveNoTokenKey() {
        assertThatThrownBy(
                        () -> GatewayConfig.from(Map.of("trade.max-price-age", "soon"), Map.of()))
                .hasMessageContaining("trade.max-price-age must be a duration");
        assertThatThrownBy(
                        () ->
                                GatewayConfig.from(
                                        Map.of("telegram.requests-per-second", "100"), Map.of()))
                .hasMessageContaining("between 1 and 30");
        assertThatThrownBy(() -> GatewayConfig.from(Map.of("gamma.url", "ftp://x"), Map.of()))
                .hasMessageContaining("gamma.url must be an http(s) URL");
        assertThatThrownBy(
                        () -> GatewayConfig.from(Map.of("telegram.bot-token", "1:abc"), Map.of()))
                .hasMessageContaining("Unknown config key 'telegram.bot-token'");
    }

    @Test
    void shouldParseTheWalletSettingsAndRefuseBadOnes() {
        WalletSettings defaults = GatewayConfig.from(Map.of(), Map.of()).wallets();
        assertThat(defaults.dataApiUrl().toString()).isEqualTo("https://data-api.polymarket.com");
        assertThat(defaults.requestsPerSecond()).isEqualTo(8);
        assertThat(defaults.activeInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(defaults.idleInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaults.maxPerUser()).isEqualTo(5);

        WalletSettings set =
                GatewayConfig.from(
                                Map.of(
                                        "data-api.url", "http://127.0.0.1:9999",
                                        "wallet.active-interval", "2s",
                                        "wallet.idle-interval", "1m"),
                                Map.of("POLYSTREAM_WALLET_MAX_PER_USER", "2"))
                        .wallets();
        assertThat(set.dataApiUrl().getPort()).isEqualTo(9999);
        assertThat(set.activeInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(set.idleInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(set.maxPerUser()).isEqualTo(2);

        assertThatThrownBy(
                        () ->
                                GatewayConfig.from(
                                        Map.of("data-api.requests-per-second", "0"), Map.of()))
                .hasMessageContaining("data-api.requests-per-second must be between 1 and 100");
        assertThatThrownBy(
                        () ->
                                GatewayConfig.from(
                                        Map.of(
                                                "wallet.active-interval", "10m",
                                                "wallet.idle-interval", "1m"),
                                        Map.of()))
                .hasMessageContaining("wallet.idle-interval must be between");
        assertThatThrownBy(() -> GatewayConfig.from(Map.of("data-api.url", "file:///x"), Map.of()))
                .hasMessageContaining("data-api.url must be an http(s) URL");
    }

    @Test
    void shouldReadDurationsInEveryFormAndTheRenamedKeys() {
        GatewayConfig config =
                GatewayConfig.from(
                        Map.of(
                                "kafka.timeout", "PT20S",
                                "relay.poll-interval", "75 ms",
                                "relay.sent-retention", "2 d",
                                "trade.quote-ttl", "5min",
                                "telegram.poll-timeout", "40"),
                        Map.of());
        assertThat(config.kafkaTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.relayPollInterval()).isEqualTo(Duration.ofMillis(75));
        assertThat(config.relaySentRetention()).isEqualTo(Duration.ofDays(2));
        assertThat(config.bot().quoteTtl()).isEqualTo(Duration.ofMinutes(5));
        // The gateway's older spelling: a bare number is seconds (with a warning).
        assertThat(config.bot().pollTimeout()).isEqualTo(Duration.ofSeconds(40));

        GatewayConfig old =
                GatewayConfig.from(
                        Map.of("kafka.timeout-ms", "2500", "relay.sent-retention-hours", "0"),
                        Map.of("POLYSTREAM_RELAY_POLL_INTERVAL_MS", "60"));
        assertThat(old.kafkaTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(old.relaySentRetention()).isZero();
        assertThat(old.relayPollInterval()).isEqualTo(Duration.ofMillis(60));
        assertThat(GatewayConfig.from(Map.of(), Map.of()).kafkaTimeout())
                .isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void shouldDeclareEachKeyOnceWithATypeAndDocumentItInTheReadme() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("telegram-gateway/README.md"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the repository root").isNotNull();
        String readme = Files.readString(dir.resolve("telegram-gateway/README.md"));
        assertThat(GatewayOptions.all().stream().map(GatewayOptions.Option::key))
                .doesNotHaveDuplicates();
        for (GatewayOptions.Option option : GatewayOptions.all()) {
            assertThat(option.type()).as(option.key()).isNotNull();
            if (option != GatewayOptions.CONFIG_FILE && !option.secret()) {
                String shown =
                        option.defaultValue().isEmpty()
                                ? "(none)"
                                : "`" + option.defaultValue() + "`";
                assertThat(readme)
                        .as("documented with its default: " + option.key())
                        .contains("| `" + option.key() + "` | " + shown + " |");
            }
            if (option.type() == GatewayOptions.Type.DURATION) {
                assertThat(
                                dev.polystream.ws.config.Durations.parse(
                                        option.key(), option.defaultValue()))
                        .as(option.key())
                        .isNotNull();
            }
        }
    }
}
