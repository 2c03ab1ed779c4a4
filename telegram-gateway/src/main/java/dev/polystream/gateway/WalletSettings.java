package dev.polystream.gateway;

import static dev.polystream.gateway.GatewayOptions.DATA_API_MAX_CONCURRENCY;
import static dev.polystream.gateway.GatewayOptions.DATA_API_MAX_PAGES;
import static dev.polystream.gateway.GatewayOptions.DATA_API_REQUESTS_PER_SECOND;
import static dev.polystream.gateway.GatewayOptions.DATA_API_TIMEOUT;
import static dev.polystream.gateway.GatewayOptions.DATA_API_URL;
import static dev.polystream.gateway.GatewayOptions.WALLET_ACTIVE_INTERVAL;
import static dev.polystream.gateway.GatewayOptions.WALLET_IDLE_INTERVAL;
import static dev.polystream.gateway.GatewayOptions.WALLET_MAX_PER_USER;
import static dev.polystream.gateway.GatewayOptions.WALLET_REFRESH_DEBOUNCE;
import static dev.polystream.gateway.GatewayOptions.WALLET_SYNCED_AT_INTERVAL;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Linked wallets' settings (keys {@code wallet.*} and {@code data-api.*}): the Data API and its
 * budget, and how often holdings are read.
 */
public record WalletSettings(
        URI dataApiUrl,
        int requestsPerSecond,
        int maxConcurrency,
        Duration timeout,
        int maxPages,
        Duration activeInterval,
        Duration idleInterval,
        Duration refreshDebounce,
        int maxPerUser,
        Duration syncedAtInterval) {

    public WalletSettings {
        OptionValues.requireRange(DATA_API_REQUESTS_PER_SECOND, requestsPerSecond, 1, 100);
        OptionValues.requireRange(DATA_API_MAX_CONCURRENCY, maxConcurrency, 1, 64);
        OptionValues.requireRange(DATA_API_TIMEOUT, timeout.toMillis(), 100, 300_000);
        OptionValues.requireRange(DATA_API_MAX_PAGES, maxPages, 1, 1_000);
        OptionValues.requireRange(
                WALLET_ACTIVE_INTERVAL, activeInterval.toMillis(), 200, 3_600_000);
        OptionValues.requireRange(
                WALLET_IDLE_INTERVAL,
                idleInterval.toMillis(),
                activeInterval.toMillis(),
                86_400_000);
        OptionValues.requireRange(
                WALLET_REFRESH_DEBOUNCE, refreshDebounce.toMillis(), 0, 3_600_000);
        OptionValues.requireRange(WALLET_MAX_PER_USER, maxPerUser, 1, 100);
        OptionValues.requireRange(
                WALLET_SYNCED_AT_INTERVAL, syncedAtInterval.toMillis(), 1_000, 7 * 86_400_000L);
    }

    static WalletSettings from(Map<String, String> values) {
        return new WalletSettings(
                OptionValues.url(DATA_API_URL, values),
                OptionValues.integer(DATA_API_REQUESTS_PER_SECOND, values),
                OptionValues.integer(DATA_API_MAX_CONCURRENCY, values),
                OptionValues.duration(DATA_API_TIMEOUT, values),
                OptionValues.integer(DATA_API_MAX_PAGES, values),
                OptionValues.duration(WALLET_ACTIVE_INTERVAL, values),
                OptionValues.duration(WALLET_IDLE_INTERVAL, values),
                OptionValues.duration(WALLET_REFRESH_DEBOUNCE, values),
                OptionValues.integer(WALLET_MAX_PER_USER, values),
                OptionValues.duration(WALLET_SYNCED_AT_INTERVAL, values));
    }

    /** Defaults only. */
    public static WalletSettings defaults() {
        return GatewayConfig.from(Map.of(), Map.of()).wallets();
    }

    @Override
    public String toString() {
        return "data-api.url="
                + dataApiUrl
                + ", data-api.requests-per-second="
                + requestsPerSecond
                + ", wallet.active-interval="
                + activeInterval.toSeconds()
                + "s, wallet.idle-interval="
                + idleInterval.toSeconds()
                + "s, wallet.max-per-user="
                + maxPerUser;
    }
}
