package dev.polystream.ws.transport;

import dev.polystream.ws.book.HashCheck;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How the market-channel client connects, stays healthy and falls back to REST. Plain Java: {@link
 * #defaults()} needs no Flink on the classpath; the Flink job reads the same settings from its
 * configuration with {@code PolymarketSourceOptions.marketChannelConfig(conf)} (package {@code
 * flink}), whose keys default to these values.
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
 * @param snapshotTimeout a token subscribed on an open socket without a snapshot after this long is
 *     subscribed again
 * @param hashCheck how far book hashes are verified
 * @param hashMismatchResync mismatches in a row on a verified token that ask for a fresh snapshot
 *     (0: never)
 * @param fallbackAfter a token without a live book this long (its socket down, or its snapshot
 *     missing) is polled over REST
 * @param restUrl the CLOB REST base URL ({@code POST /books})
 * @param restPollInterval period of the fallback polls
 * @param restTimeout longest wait for one REST response
 * @param restCheckInterval period of the REST cross-check of live books ({@link Duration#ZERO}:
 *     none)
 * @param connectInterval pause between two new sockets of the client, jittered ±50 % ({@link
 *     Duration#ZERO}: none)
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
        Duration subscribeBatchDelay,
        Duration snapshotTimeout,
        HashCheck hashCheck,
        int hashMismatchResync,
        Duration fallbackAfter,
        URI restUrl,
        Duration restPollInterval,
        Duration restTimeout,
        Duration restCheckInterval,
        Duration connectInterval)
        implements Serializable {

    private static final long serialVersionUID = 3L;

    /** Polymarket cuts a socket off beyond about this many tokens (§2.7): the hard cap. */
    public static final int MAX_TOKENS_PER_CONNECTION = 500;

    /** Polymarket's public market channel. */
    public static final String DEFAULT_URL = "wss://ws-subscriptions-clob.polymarket.com/ws/market";

    /** Polymarket's CLOB REST API. */
    public static final String DEFAULT_REST_URL = "https://clob.polymarket.com";

    public MarketChannelConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(restUrl, "restUrl");
        Objects.requireNonNull(hashCheck, "hashCheck");
        positive(pingInterval, "pingInterval");
        positive(pongTimeout, "pongTimeout");
        positive(dataTimeout, "dataTimeout");
        positive(backoffInitial, "backoffInitial");
        positive(backoffMax, "backoffMax");
        positive(snapshotTimeout, "snapshotTimeout");
        positive(fallbackAfter, "fallbackAfter");
        positive(restPollInterval, "restPollInterval");
        positive(restTimeout, "restTimeout");
        Objects.requireNonNull(restCheckInterval, "restCheckInterval");
        if (restCheckInterval.isNegative()) {
            throw new IllegalArgumentException(
                    "restCheckInterval must not be negative, got " + restCheckInterval);
        }
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
        if (tokensPerConnection < 1 || tokensPerConnection > MAX_TOKENS_PER_CONNECTION) {
            throw new IllegalArgumentException(
                    "tokensPerConnection must be between 1 and "
                            + MAX_TOKENS_PER_CONNECTION
                            + " (Polymarket cuts larger sockets off), got "
                            + tokensPerConnection);
        }
        Objects.requireNonNull(connectInterval, "connectInterval");
        if (connectInterval.isNegative()) {
            throw new IllegalArgumentException(
                    "connectInterval must not be negative, got " + connectInterval);
        }
        if (maxFrameBytes < 1024) {
            throw new IllegalArgumentException(
                    "maxFrameBytes must be at least 1024, got " + maxFrameBytes);
        }
        if (hashMismatchResync < 0) {
            throw new IllegalArgumentException(
                    "hashMismatchResync must not be negative, got " + hashMismatchResync);
        }
        String restScheme = restUrl.getScheme();
        if (!"http".equalsIgnoreCase(restScheme) && !"https".equalsIgnoreCase(restScheme)) {
            throw new IllegalArgumentException(
                    "The REST URL must start with http:// or https://, got " + restUrl);
        }
    }

    /** The defaults, against {@code url}. */
    public static MarketChannelConfig defaults(URI url) {
        return defaults().withUrl(url);
    }

    /**
     * The defaults, against Polymarket's market channel: {@code PING} every 10 s, {@code PONG}
     * within 30 s, data within 120 s, back-off 250 ms to 30 s, 200 tokens per socket, frames up to
     * 4 MiB, operations batched over 100 ms, snapshots within 30 s, every hash checked, a resync
     * after 3 mismatches, REST polls after 15 s every 2 s (10 s timeout), a cross-check every 60 s,
     * new sockets 250 ms apart (jittered).
     */
    public static MarketChannelConfig defaults() {
        return new MarketChannelConfig(
                URI.create(DEFAULT_URL),
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                Duration.ofSeconds(120),
                Duration.ofMillis(250),
                Duration.ofSeconds(30),
                200,
                4 * 1024 * 1024,
                Duration.ofMillis(100),
                Duration.ofSeconds(30),
                HashCheck.ENTRIES,
                3,
                Duration.ofSeconds(15),
                URI.create(DEFAULT_REST_URL),
                Duration.ofSeconds(2),
                Duration.ofSeconds(10),
                Duration.ofSeconds(60),
                Duration.ofMillis(250));
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public MarketChannelConfig withUrl(URI url) {
        return toBuilder().url(url).build();
    }

    /** Heartbeat: {@code PING} period and how long to wait for the {@code PONG}. */
    public MarketChannelConfig withHeartbeat(Duration pingInterval, Duration pongTimeout) {
        return toBuilder().pingInterval(pingInterval).pongTimeout(pongTimeout).build();
    }

    public MarketChannelConfig withDataTimeout(Duration dataTimeout) {
        return toBuilder().dataTimeout(dataTimeout).build();
    }

    public MarketChannelConfig withBackoff(Duration backoffInitial, Duration backoffMax) {
        return toBuilder().backoffInitial(backoffInitial).backoffMax(backoffMax).build();
    }

    public MarketChannelConfig withTokensPerConnection(int tokensPerConnection) {
        return toBuilder().tokensPerConnection(tokensPerConnection).build();
    }

    public MarketChannelConfig withMaxFrameBytes(int maxFrameBytes) {
        return toBuilder().maxFrameBytes(maxFrameBytes).build();
    }

    /** Pause between two new sockets, jittered ±50 % (zero: none). */
    public MarketChannelConfig withConnectInterval(Duration connectInterval) {
        return toBuilder().connectInterval(connectInterval).build();
    }

    public MarketChannelConfig withSubscribeBatchDelay(Duration subscribeBatchDelay) {
        return toBuilder().subscribeBatchDelay(subscribeBatchDelay).build();
    }

    public MarketChannelConfig withSnapshotTimeout(Duration snapshotTimeout) {
        return toBuilder().snapshotTimeout(snapshotTimeout).build();
    }

    public MarketChannelConfig withHashCheck(HashCheck hashCheck, int mismatchResync) {
        return toBuilder().hashCheck(hashCheck).hashMismatchResync(mismatchResync).build();
    }

    /** REST fallback: base URL, how long a token waits before polling, and the poll period. */
    public MarketChannelConfig withRestFallback(
            URI restUrl, Duration fallbackAfter, Duration pollInterval) {
        return toBuilder()
                .restUrl(restUrl)
                .fallbackAfter(fallbackAfter)
                .restPollInterval(pollInterval)
                .build();
    }

    private static void positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    /** A copy with some settings changed; {@link #build()} checks them all. */
    public static final class Builder {
        private URI url;
        private Duration pingInterval;
        private Duration pongTimeout;
        private Duration dataTimeout;
        private Duration backoffInitial;
        private Duration backoffMax;
        private int tokensPerConnection;
        private int maxFrameBytes;
        private Duration subscribeBatchDelay;
        private Duration snapshotTimeout;
        private HashCheck hashCheck;
        private int hashMismatchResync;
        private Duration fallbackAfter;
        private URI restUrl;
        private Duration restPollInterval;
        private Duration restTimeout;
        private Duration restCheckInterval;
        private Duration connectInterval;

        private Builder(MarketChannelConfig c) {
            url = c.url;
            pingInterval = c.pingInterval;
            pongTimeout = c.pongTimeout;
            dataTimeout = c.dataTimeout;
            backoffInitial = c.backoffInitial;
            backoffMax = c.backoffMax;
            tokensPerConnection = c.tokensPerConnection;
            maxFrameBytes = c.maxFrameBytes;
            subscribeBatchDelay = c.subscribeBatchDelay;
            snapshotTimeout = c.snapshotTimeout;
            hashCheck = c.hashCheck;
            hashMismatchResync = c.hashMismatchResync;
            fallbackAfter = c.fallbackAfter;
            restUrl = c.restUrl;
            restPollInterval = c.restPollInterval;
            restTimeout = c.restTimeout;
            restCheckInterval = c.restCheckInterval;
            connectInterval = c.connectInterval;
        }

        public Builder url(URI url) {
            this.url = url;
            return this;
        }

        public Builder pingInterval(Duration pingInterval) {
            this.pingInterval = pingInterval;
            return this;
        }

        public Builder pongTimeout(Duration pongTimeout) {
            this.pongTimeout = pongTimeout;
            return this;
        }

        public Builder dataTimeout(Duration dataTimeout) {
            this.dataTimeout = dataTimeout;
            return this;
        }

        public Builder backoffInitial(Duration backoffInitial) {
            this.backoffInitial = backoffInitial;
            return this;
        }

        public Builder backoffMax(Duration backoffMax) {
            this.backoffMax = backoffMax;
            return this;
        }

        public Builder tokensPerConnection(int tokensPerConnection) {
            this.tokensPerConnection = tokensPerConnection;
            return this;
        }

        public Builder maxFrameBytes(int maxFrameBytes) {
            this.maxFrameBytes = maxFrameBytes;
            return this;
        }

        public Builder subscribeBatchDelay(Duration subscribeBatchDelay) {
            this.subscribeBatchDelay = subscribeBatchDelay;
            return this;
        }

        public Builder snapshotTimeout(Duration snapshotTimeout) {
            this.snapshotTimeout = snapshotTimeout;
            return this;
        }

        public Builder hashCheck(HashCheck hashCheck) {
            this.hashCheck = hashCheck;
            return this;
        }

        public Builder hashMismatchResync(int hashMismatchResync) {
            this.hashMismatchResync = hashMismatchResync;
            return this;
        }

        public Builder fallbackAfter(Duration fallbackAfter) {
            this.fallbackAfter = fallbackAfter;
            return this;
        }

        public Builder restUrl(URI restUrl) {
            this.restUrl = restUrl;
            return this;
        }

        public Builder restPollInterval(Duration restPollInterval) {
            this.restPollInterval = restPollInterval;
            return this;
        }

        public Builder restTimeout(Duration restTimeout) {
            this.restTimeout = restTimeout;
            return this;
        }

        public Builder restCheckInterval(Duration restCheckInterval) {
            this.restCheckInterval = restCheckInterval;
            return this;
        }

        public Builder connectInterval(Duration connectInterval) {
            this.connectInterval = connectInterval;
            return this;
        }

        public MarketChannelConfig build() {
            return new MarketChannelConfig(
                    url,
                    pingInterval,
                    pongTimeout,
                    dataTimeout,
                    backoffInitial,
                    backoffMax,
                    tokensPerConnection,
                    maxFrameBytes,
                    subscribeBatchDelay,
                    snapshotTimeout,
                    hashCheck,
                    hashMismatchResync,
                    fallbackAfter,
                    restUrl,
                    restPollInterval,
                    restTimeout,
                    restCheckInterval,
                    connectInterval);
        }
    }
}
