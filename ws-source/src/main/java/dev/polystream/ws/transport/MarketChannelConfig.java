package dev.polystream.ws.transport;

import dev.polystream.ws.flink.PolymarketSourceOptions;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;

/**
 * How the market-channel client connects and stays healthy. Keys and defaults: {@link
 * PolymarketSourceOptions}.
 *
 * @param url {@code wss://...} (TLS) or {@code ws://...} (loopback tests)
 * @param pingInterval text {@code PING} period, after the initial subscription
 * @param pongTimeout a {@code PING} unanswered this long abandons the socket; also bounds the TCP
 *     connect and WebSocket handshake
 * @param dataTimeout no data frame this long while tokens are subscribed abandons the socket
 * @param backoffInitial first reconnect delay
 * @param backoffMax longest reconnect delay; a socket that stayed open this long resets the
 *     back-off
 * @param tokensPerConnection most tokens on one socket (snapshots stop beyond ~500 live)
 * @param maxFrameBytes larger frames (fragmented or not) are refused
 * @param subscribeBatchDelay dynamic subscribe/unsubscribe changes are batched over this delay
 */
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

    private static final long serialVersionUID = 1L;

    /** Polymarket's public market channel. */
    public static final String DEFAULT_URL = "wss://ws-subscriptions-clob.polymarket.com/ws/market";

    public MarketChannelConfig {
        Objects.requireNonNull(url, "url");
        positive(pingInterval, "pingInterval");
        positive(pongTimeout, "pongTimeout");
        positive(dataTimeout, "dataTimeout");
        positive(backoffInitial, "backoffInitial");
        positive(backoffMax, "backoffMax");
        Objects.requireNonNull(subscribeBatchDelay, "subscribeBatchDelay");
        if (subscribeBatchDelay.isNegative()) {
            throw new IllegalArgumentException(
                    "subscribeBatchDelay must not be negative, got " + subscribeBatchDelay);
        }
        if (backoffMax.compareTo(backoffInitial) < 0) {
            throw new IllegalArgumentException(
                    "backoffMax ("
                            + backoffMax
                            + ") must not be shorter than backoffInitial ("
                            + backoffInitial
                            + ")");
        }
        if (tokensPerConnection < 1) {
            throw new IllegalArgumentException(
                    "tokensPerConnection must be at least 1, got " + tokensPerConnection);
        }
        if (maxFrameBytes < 1024) {
            throw new IllegalArgumentException(
                    "maxFrameBytes must be at least 1024, got " + maxFrameBytes);
        }
    }

    /** The defaults of {@link PolymarketSourceOptions}, against {@code url}. */
    public static MarketChannelConfig defaults(URI url) {
        return defaults().withUrl(url);
    }

    /** The defaults of {@link PolymarketSourceOptions}, against Polymarket's market channel. */
    public static MarketChannelConfig defaults() {
        return fromConfiguration(new Configuration());
    }

    /** Reads the {@code ws.*} keys of {@link PolymarketSourceOptions}; absent keys default. */
    public static MarketChannelConfig fromConfiguration(ReadableConfig conf) {
        return new MarketChannelConfig(
                URI.create(conf.get(PolymarketSourceOptions.URL)),
                conf.get(PolymarketSourceOptions.PING_INTERVAL),
                conf.get(PolymarketSourceOptions.PONG_TIMEOUT),
                conf.get(PolymarketSourceOptions.DATA_TIMEOUT),
                conf.get(PolymarketSourceOptions.BACKOFF_INITIAL),
                conf.get(PolymarketSourceOptions.BACKOFF_MAX),
                conf.get(PolymarketSourceOptions.TOKENS_PER_CONNECTION),
                conf.get(PolymarketSourceOptions.MAX_FRAME_BYTES),
                conf.get(PolymarketSourceOptions.SUBSCRIBE_BATCH_DELAY));
    }

    public MarketChannelConfig withUrl(URI url) {
        return new MarketChannelConfig(
                url,
                pingInterval,
                pongTimeout,
                dataTimeout,
                backoffInitial,
                backoffMax,
                tokensPerConnection,
                maxFrameBytes,
                subscribeBatchDelay);
    }

    /** Heartbeat: {@code PING} period and how long to wait for the {@code PONG}. */
    public MarketChannelConfig withHeartbeat(Duration pingInterval, Duration pongTimeout) {
        return new MarketChannelConfig(
                url,
                pingInterval,
                pongTimeout,
                dataTimeout,
                backoffInitial,
                backoffMax,
                tokensPerConnection,
                maxFrameBytes,
                subscribeBatchDelay);
    }

    public MarketChannelConfig withDataTimeout(Duration dataTimeout) {
        return new MarketChannelConfig(
                url,
                pingInterval,
                pongTimeout,
                dataTimeout,
                backoffInitial,
                backoffMax,
                tokensPerConnection,
                maxFrameBytes,
                subscribeBatchDelay);
    }

    public MarketChannelConfig withBackoff(Duration backoffInitial, Duration backoffMax) {
        return new MarketChannelConfig(
                url,
                pingInterval,
                pongTimeout,
                dataTimeout,
                backoffInitial,
                backoffMax,
                tokensPerConnection,
                maxFrameBytes,
                subscribeBatchDelay);
    }

    public MarketChannelConfig withTokensPerConnection(int tokensPerConnection) {
        return new MarketChannelConfig(
                url,
                pingInterval,
                pongTimeout,
                dataTimeout,
                backoffInitial,
                backoffMax,
                tokensPerConnection,
                maxFrameBytes,
                subscribeBatchDelay);
    }

    public MarketChannelConfig withMaxFrameBytes(int maxFrameBytes) {
        return new MarketChannelConfig(
                url,
                pingInterval,
                pongTimeout,
                dataTimeout,
                backoffInitial,
                backoffMax,
                tokensPerConnection,
                maxFrameBytes,
                subscribeBatchDelay);
    }

    public MarketChannelConfig withSubscribeBatchDelay(Duration subscribeBatchDelay) {
        return new MarketChannelConfig(
                url,
                pingInterval,
                pongTimeout,
                dataTimeout,
                backoffInitial,
                backoffMax,
                tokensPerConnection,
                maxFrameBytes,
                subscribeBatchDelay);
    }

    private static void positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
