package dev.polystream.ws.transport;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;

/** How the market-channel client connects and stays healthy. */
public record MarketChannelConfig(
        URI url,
        Duration pingInterval,
        Duration pongTimeout,
        Duration dataTimeout,
        Duration backoffInitial,
        Duration backoffMax,
        int tokensPerConnection,
        int maxFrameBytes,
        Duration subscribeBatchDelay)
        implements Serializable {

    /** Polymarket's public market channel. */
    public static final String DEFAULT_URL = "wss://ws-subscriptions-clob.polymarket.com/ws/market";

    public static MarketChannelConfig defaults(URI url) {
        return new MarketChannelConfig(
                url,
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                Duration.ofSeconds(120),
                Duration.ofMillis(250),
                Duration.ofSeconds(30),
                200,
                4 * 1024 * 1024,
                Duration.ofMillis(100));
    }
}
