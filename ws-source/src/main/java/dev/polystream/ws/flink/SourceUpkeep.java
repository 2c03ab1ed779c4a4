package dev.polystream.ws.flink;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The source operator's periodic chores besides streaming: vouching for live books, and asking
 * Gamma which markets closed. A zero interval turns a chore off.
 *
 * @param confirmInterval period of {@code CONFIRMATION} ticks from healthy sockets
 * @param gammaUrl base URL of Polymarket's Gamma API
 * @param gammaCheckInterval period of the closed-market check
 * @param newMarkets whether a {@code new_market} event subscribes the new market's tokens at once
 *     (the job's {@code universe=all})
 */
public record SourceUpkeep(
        Duration confirmInterval, URI gammaUrl, Duration gammaCheckInterval, boolean newMarkets)
        implements Serializable {

    public SourceUpkeep {
        Objects.requireNonNull(confirmInterval, "confirmInterval");
        Objects.requireNonNull(gammaUrl, "gammaUrl");
        Objects.requireNonNull(gammaCheckInterval, "gammaCheckInterval");
        if (confirmInterval.isNegative() || gammaCheckInterval.isNegative()) {
            throw new IllegalArgumentException(
                    "ws.confirm-interval and gamma.check-interval must not be negative");
        }
    }

    /** Without subscribing announced markets. */
    public SourceUpkeep(Duration confirmInterval, URI gammaUrl, Duration gammaCheckInterval) {
        this(confirmInterval, gammaUrl, gammaCheckInterval, false);
    }

    /** A copy that subscribes the tokens of every market {@code new_market} announces, or not. */
    public SourceUpkeep withNewMarkets(boolean subscribe) {
        return new SourceUpkeep(confirmInterval, gammaUrl, gammaCheckInterval, subscribe);
    }

    /** The defaults of {@link PolymarketSourceOptions}. */
    public static SourceUpkeep defaults() {
        return fromConfiguration(new Configuration());
    }

    public static SourceUpkeep fromConfiguration(ReadableConfig conf) {
        return new SourceUpkeep(
                conf.get(PolymarketSourceOptions.CONFIRM_INTERVAL),
                URI.create(conf.get(PolymarketSourceOptions.GAMMA_URL)),
                conf.get(PolymarketSourceOptions.GAMMA_CHECK_INTERVAL));
    }
}
