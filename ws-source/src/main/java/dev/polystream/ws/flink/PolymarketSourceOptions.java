package dev.polystream.ws.flink;

import dev.polystream.ws.book.HashCheck;
import dev.polystream.ws.transport.MarketChannelConfig;
import java.net.URI;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Configuration keys of the Polymarket source, and the only place a Flink configuration becomes a
 * {@link MarketChannelConfig} ({@link #marketChannelConfig}; {@link SourceUpkeep#fromConfiguration}
 * reads the rest): the client core imports nothing from Flink. Defaults are {@link
 * MarketChannelConfig#defaults()}'s. Durations take Flink's syntax ({@code 10 s}, {@code 250 ms},
 * {@code 2 min}).
 */
public final class PolymarketSourceOptions {

    private PolymarketSourceOptions() {}

    /** The one definition of the defaults: the client core's. */
    private static final MarketChannelConfig DEFAULTS = MarketChannelConfig.defaults();

    public static final ConfigOption<String> URL =
            ConfigOptions.key("ws.url")
                    .stringType()
                    .defaultValue(MarketChannelConfig.DEFAULT_URL)
                    .withDescription(
                            "Market-channel WebSocket URL: wss:// for Polymarket, ws:// for a"
                                    + " local fake server.");

    public static final ConfigOption<Duration> PING_INTERVAL =
            ConfigOptions.key("ws.ping-interval")
                    .durationType()
                    .defaultValue(DEFAULTS.pingInterval())
                    .withDescription(
                            "Period of the text PING heartbeat, started after the initial"
                                    + " subscription (a PING before it gets the socket closed"
                                    + " with 1008).");

    public static final ConfigOption<Duration> PONG_TIMEOUT =
            ConfigOptions.key("ws.pong-timeout")
                    .durationType()
                    .defaultValue(DEFAULTS.pongTimeout())
                    .withDescription(
                            "A PING unanswered by PONG for this long abandons the socket for a"
                                    + " brand-new one. Also bounds TCP connect and the WebSocket"
                                    + " handshake.");

    public static final ConfigOption<Duration> DATA_TIMEOUT =
            ConfigOptions.key("ws.data-timeout")
                    .durationType()
                    .defaultValue(DEFAULTS.dataTimeout())
                    .withDescription(
                            "No market data for this long on a socket with subscribed tokens"
                                    + " (PING/PONG still fine: the 'silent freeze') abandons it"
                                    + " for a brand-new one.");

    public static final ConfigOption<Duration> BACKOFF_INITIAL =
            ConfigOptions.key("ws.backoff.initial")
                    .durationType()
                    .defaultValue(DEFAULTS.backoffInitial())
                    .withDescription("First reconnect delay; doubles per failed attempt.");

    public static final ConfigOption<Duration> BACKOFF_MAX =
            ConfigOptions.key("ws.backoff.max")
                    .durationType()
                    .defaultValue(DEFAULTS.backoffMax())
                    .withDescription(
                            "Longest reconnect delay (jitter applied). A socket that stayed open"
                                    + " this long resets the back-off.");

    public static final ConfigOption<Integer> TOKENS_PER_CONNECTION =
            ConfigOptions.key("ws.tokens-per-connection")
                    .intType()
                    .defaultValue(DEFAULTS.tokensPerConnection())
                    .withDescription(
                            "Most tokens on one socket; more sockets open as needed. At most"
                                    + " 500 (refused above): Polymarket cuts a socket off beyond"
                                    + " about 500 tokens.");

    public static final ConfigOption<Duration> CONNECT_INTERVAL =
            ConfigOptions.key("ws.connect-interval")
                    .durationType()
                    .defaultValue(DEFAULTS.connectInterval())
                    .withDescription(
                            "Pause between two new sockets of one source subtask, jittered"
                                    + " between half and one and a half of it, so that starting"
                                    + " thousands of tokens opens no storm of connections (HTTP"
                                    + " 429). 0 opens them at once.");

    public static final ConfigOption<Integer> MAX_FRAME_BYTES =
            ConfigOptions.key("ws.max-frame-bytes")
                    .intType()
                    .defaultValue(DEFAULTS.maxFrameBytes())
                    .withDescription(
                            "Largest text frame accepted, after joining continuation frames."
                                    + " Larger ones are refused and counted (a single oversized"
                                    + " frame costs the socket, which reconnects).");

    public static final ConfigOption<Duration> SUBSCRIBE_BATCH_DELAY =
            ConfigOptions.key("ws.subscribe-batch-delay")
                    .durationType()
                    .defaultValue(DEFAULTS.subscribeBatchDelay())
                    .withDescription(
                            "Subscribe/unsubscribe changes on an open socket are collected for"
                                    + " this long and sent as one operation message each.");

    public static final ConfigOption<Duration> SNAPSHOT_TIMEOUT =
            ConfigOptions.key("ws.snapshot-timeout")
                    .durationType()
                    .defaultValue(DEFAULTS.snapshotTimeout())
                    .withDescription(
                            "A token subscribed on an open socket whose book snapshot has not"
                                    + " arrived after this long is unsubscribed and subscribed"
                                    + " again (at most twice per socket; the REST fallback covers"
                                    + " it meanwhile). Live, some subscriptions never get a first"
                                    + " event.");

    public static final ConfigOption<HashCheck> HASH_CHECK =
            ConfigOptions.key("ws.hash-check")
                    .enumType(HashCheck.class)
                    .defaultValue(DEFAULTS.hashCheck())
                    .withDescription(
                            "How far the book hash (SHA-1 of the book) is verified: OFF,"
                                    + " SNAPSHOTS, or ENTRIES (also each token's book after each"
                                    + " price_change: one SHA-1 of the book per message and"
                                    + " token). A hint only: mismatches are counted.");

    public static final ConfigOption<Integer> HASH_MISMATCH_RESYNC =
            ConfigOptions.key("ws.hash-mismatch-resync")
                    .intType()
                    .defaultValue(DEFAULTS.hashMismatchResync())
                    .withDescription(
                            "With ws.hash-check=ENTRIES: this many hash mismatches in a row on a"
                                    + " token whose hash verified before (a matching burst counts"
                                    + " once) unsubscribe and subscribe the token again for a"
                                    + " fresh snapshot, at most every 30 s. 0 never does.");

    public static final ConfigOption<Duration> FALLBACK_AFTER =
            ConfigOptions.key("ws.fallback-after")
                    .durationType()
                    .defaultValue(DEFAULTS.fallbackAfter())
                    .withDescription(
                            "A token without a live book for this long (its socket down or"
                                    + " reconnecting, or its snapshot missing) is polled over REST"
                                    + " (POST /books) until its socket delivers a snapshot"
                                    + " again; those ticks carry source 'poll'.");

    public static final ConfigOption<String> REST_URL =
            ConfigOptions.key("rest.url")
                    .stringType()
                    .defaultValue(MarketChannelConfig.DEFAULT_REST_URL)
                    .withDescription(
                            "CLOB REST base URL used by the fallback polls: https:// for"
                                    + " Polymarket, http:// for a local fake server.");

    public static final ConfigOption<Duration> REST_POLL_INTERVAL =
            ConfigOptions.key("rest.poll-interval")
                    .durationType()
                    .defaultValue(DEFAULTS.restPollInterval())
                    .withDescription(
                            "Period of the fallback polls (one POST /books per 500 tokens).");

    public static final ConfigOption<Duration> REST_TIMEOUT =
            ConfigOptions.key("rest.timeout")
                    .durationType()
                    .defaultValue(DEFAULTS.restTimeout())
                    .withDescription("Longest wait for one REST response.");

    public static final ConfigOption<Duration> REST_CHECK_INTERVAL =
            ConfigOptions.key("rest.check-interval")
                    .durationType()
                    .defaultValue(DEFAULTS.restCheckInterval())
                    .withDescription(
                            "Period of the REST cross-check of live books (POST /books): a"
                                    + " token whose top of book differs from the REST book at two"
                                    + " checks in a row, with no live event in between, is"
                                    + " subscribed again for a fresh snapshot (updates of single"
                                    + " assets are reported to stop silently). 0 s: no check.");

    public static final ConfigOption<Duration> CONFIRM_INTERVAL =
            ConfigOptions.key("ws.confirm-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription(
                            "How often every healthy socket vouches that its books are still"
                                    + " current: a quiet token's token_prices.confirmed_at moves"
                                    + " on and positions opened on it get priced, without a"
                                    + " write per second. 0 turns it off.");

    public static final ConfigOption<String> GAMMA_URL =
            ConfigOptions.key("gamma.url")
                    .stringType()
                    .defaultValue("https://gamma-api.polymarket.com")
                    .withDescription(
                            "Polymarket's Gamma REST API, asked at a low rate which streamed"
                                    + " markets closed (market_resolved is unreliable live).");

    public static final ConfigOption<Duration> GAMMA_CHECK_INTERVAL =
            ConfigOptions.key("gamma.check-interval")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(5))
                    .withDescription(
                            "How often the source asks Gamma whether the markets of its tokens"
                                    + " closed; a closed market with final prices (1 and 0) is"
                                    + " settled like market_resolved. 0 turns it off.");

    /** Reads the {@code ws.*} and {@code rest.*} keys; an unset key takes its default. */
    public static MarketChannelConfig marketChannelConfig(ReadableConfig conf) {
        return new MarketChannelConfig(
                URI.create(conf.get(URL)),
                conf.get(PING_INTERVAL),
                conf.get(PONG_TIMEOUT),
                conf.get(DATA_TIMEOUT),
                conf.get(BACKOFF_INITIAL),
                conf.get(BACKOFF_MAX),
                conf.get(TOKENS_PER_CONNECTION),
                conf.get(MAX_FRAME_BYTES),
                conf.get(SUBSCRIBE_BATCH_DELAY),
                conf.get(SNAPSHOT_TIMEOUT),
                conf.get(HASH_CHECK),
                conf.get(HASH_MISMATCH_RESYNC),
                conf.get(FALLBACK_AFTER),
                URI.create(conf.get(REST_URL)),
                conf.get(REST_POLL_INTERVAL),
                conf.get(REST_TIMEOUT),
                conf.get(REST_CHECK_INTERVAL),
                conf.get(CONNECT_INTERVAL));
    }
}
