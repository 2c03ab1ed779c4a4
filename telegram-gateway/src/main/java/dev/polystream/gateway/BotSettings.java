package dev.polystream.gateway;

import static dev.polystream.gateway.GatewayOptions.ALERT_CHECK_INTERVAL;
import static dev.polystream.gateway.GatewayOptions.BOT_COMMANDS_PER_MINUTE;
import static dev.polystream.gateway.GatewayOptions.CARD_AUTO_REFRESH;
import static dev.polystream.gateway.GatewayOptions.CARD_MIN_EDIT_INTERVAL;
import static dev.polystream.gateway.GatewayOptions.CARD_PAGE_SIZE;
import static dev.polystream.gateway.GatewayOptions.CARD_REFRESH_INTERVAL;
import static dev.polystream.gateway.GatewayOptions.GAMMA_MAX_PAGES;
import static dev.polystream.gateway.GatewayOptions.GAMMA_SYNC_INTERVAL;
import static dev.polystream.gateway.GatewayOptions.GAMMA_URL;
import static dev.polystream.gateway.GatewayOptions.TELEGRAM_API_URL;
import static dev.polystream.gateway.GatewayOptions.TELEGRAM_POLL_TIMEOUT;
import static dev.polystream.gateway.GatewayOptions.TELEGRAM_RATE_LIMIT;
import static dev.polystream.gateway.GatewayOptions.TRADE_MAX_PRICE_AGE;
import static dev.polystream.gateway.GatewayOptions.TRADE_PRICE_WAIT;
import static dev.polystream.gateway.GatewayOptions.TRADE_QUOTE_TTL;
import static dev.polystream.gateway.OptionValues.duration;
import static dev.polystream.gateway.OptionValues.integer;
import static dev.polystream.gateway.OptionValues.requireRange;
import static dev.polystream.gateway.OptionValues.requireUrl;
import static dev.polystream.gateway.OptionValues.url;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The Telegram bot's settings (keys {@code telegram.*}, {@code card.*}, {@code trade.*}, {@code
 * bot.*}, {@code alert.*}, {@code gamma.*}, {@code secrets.key-file}). Durations are written like
 * {@code 30s}, {@code 500ms}, {@code 10 min}, {@code PT1H} ({@code
 * dev.polystream.ws.config.Durations}). The bot token is not a setting: it comes only from the
 * environment variable {@code TELEGRAM_BOT_TOKEN}.
 */
public record BotSettings(
        URI telegramApiUrl,
        Duration pollTimeout,
        int requestsPerSecond,
        Duration cardMinEditInterval,
        Duration cardRefreshInterval,
        Duration cardAutoRefresh,
        int cardPageSize,
        Duration maxPriceAge,
        Duration priceWait,
        Duration quoteTtl,
        int commandsPerMinute,
        Duration alertCheckInterval,
        URI gammaUrl,
        Duration gammaSyncInterval,
        int gammaMaxPages,
        String secretsKeyFile) {

    public BotSettings {
        requireUrl(TELEGRAM_API_URL, telegramApiUrl);
        requireUrl(GAMMA_URL, gammaUrl);
        requireRange(TELEGRAM_POLL_TIMEOUT, pollTimeout.toSeconds(), 0, 100);
        requireRange(TELEGRAM_RATE_LIMIT, requestsPerSecond, 1, 30);
        requireRange(CARD_MIN_EDIT_INTERVAL, cardMinEditInterval.toMillis(), 0, 3_600_000);
        requireRange(CARD_REFRESH_INTERVAL, cardRefreshInterval.toMillis(), 50, 3_600_000);
        requireRange(CARD_AUTO_REFRESH, cardAutoRefresh.toMillis(), 1, 86_400_000);
        requireRange(CARD_PAGE_SIZE, cardPageSize, 1, 20);
        requireRange(TRADE_MAX_PRICE_AGE, maxPriceAge.toMillis(), 1, 86_400_000);
        requireRange(TRADE_PRICE_WAIT, priceWait.toMillis(), 0, 120_000);
        requireRange(TRADE_QUOTE_TTL, quoteTtl.toMillis(), 1_000, 3_600_000);
        requireRange(BOT_COMMANDS_PER_MINUTE, commandsPerMinute, 1, 10_000);
        requireRange(ALERT_CHECK_INTERVAL, alertCheckInterval.toMillis(), 50, 3_600_000);
        requireRange(GAMMA_SYNC_INTERVAL, gammaSyncInterval.toMillis(), 0, 7 * 86_400_000L);
        requireRange(GAMMA_MAX_PAGES, gammaMaxPages, 1, 100_000);
        secretsKeyFile = secretsKeyFile == null ? "" : secretsKeyFile.strip();
    }

    /** The settings from resolved key values (see {@link GatewayConfig#from}). */
    static BotSettings from(Map<String, String> values) {
        return new BotSettings(
                url(TELEGRAM_API_URL, values),
                duration(TELEGRAM_POLL_TIMEOUT, values),
                integer(TELEGRAM_RATE_LIMIT, values),
                duration(CARD_MIN_EDIT_INTERVAL, values),
                duration(CARD_REFRESH_INTERVAL, values),
                duration(CARD_AUTO_REFRESH, values),
                integer(CARD_PAGE_SIZE, values),
                duration(TRADE_MAX_PRICE_AGE, values),
                duration(TRADE_PRICE_WAIT, values),
                duration(TRADE_QUOTE_TTL, values),
                integer(BOT_COMMANDS_PER_MINUTE, values),
                duration(ALERT_CHECK_INTERVAL, values),
                url(GAMMA_URL, values),
                duration(GAMMA_SYNC_INTERVAL, values),
                integer(GAMMA_MAX_PAGES, values),
                values.get(GatewayOptions.SECRETS_KEY_FILE.key()));
    }

    /** Defaults only (tests override with the {@code with*} copies or a map). */
    public static BotSettings defaults() {
        return GatewayConfig.from(Map.of(), Map.of()).bot();
    }

    @Override
    public String toString() {
        return "telegram.api-url="
                + telegramApiUrl
                + ", telegram.requests-per-second="
                + requestsPerSecond
                + ", card.min-edit-interval="
                + cardMinEditInterval.toMillis()
                + "ms, card.auto-refresh="
                + cardAutoRefresh.toSeconds()
                + "s, trade.max-price-age="
                + maxPriceAge.toMillis()
                + "ms, bot.commands-per-minute="
                + commandsPerMinute
                + ", gamma.url="
                + gammaUrl
                + ", gamma.sync-interval="
                + gammaSyncInterval.toSeconds()
                + "s";
    }
}
