package dev.polystream.ws.testing;

import dev.polystream.ws.protocol.PriceLevel;
import dev.polystream.ws.protocol.Side;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A local stand-in for Polymarket's market channel ({@code /ws/market}), faithful to the behaviour
 * described in the protocol notes (§9): a real Netty WebSocket server on 127.0.0.1.
 *
 * <ul>
 *   <li>The first client frame must be a subscription; anything else (a {@code PING}, say) gets
 *       close code 1008 "invalid subscription payload".
 *   <li>Text {@code PING} gets text {@code PONG}; protocol pings get protocol pongs.
 *   <li>The initial subscription gets one frame: a JSON array of {@code book} snapshots (with
 *       {@code tick_size}, {@code last_trade_price} and a correct §2.9 hash) for the known tokens,
 *       {@code []} if none is known, nothing for {@code "assets_ids":[]}.
 *   <li>{@code operation} subscribe / unsubscribe work as live; a second {@code type:"market"}
 *       message, or non-JSON other than {@code PING}, gets text {@code INVALID OPERATION}.
 *   <li>Unknown tokens are silently ignored. Beyond {@code snapshotCap} tokens on a socket,
 *       snapshots stop (as observed live beyond ~500).
 *   <li>A binary market's NO book mirrors its YES book; a {@code price_change} carries the YES
 *       entry and the mirrored NO entry, each with hash and {@code best_bid}/{@code best_ask}
 *       ({@code "0"}/{@code "1"} for an empty side). A trade sends {@code last_trade_price} and
 *       fresh books. The {@code last_trade_price} of snapshots and hashes is market-level, in YES
 *       terms, on both books (as live).
 * </ul>
 *
 * <p>Thread-safe: every scripting call runs on the server's single event loop and returns once the
 * frames are written, so calls are ordered like the code that makes them.
 *
 * <p>This class is the façade tests use; the parts: {@link FakeExchange} (markets and books),
 * {@link MarketEvents} (scripted events), {@link WireFrames} (the JSON written), {@link
 * ClientSessions} (connections and what is sent to them), {@link MarketSocketHandler} and {@link
 * ClobRestHandler} (the two protocols), {@link Faults} (failure injection), {@link Journal} (what
 * happened). The user channel and {@code /data/trades} are {@link #userChannel()}'s.
 *
 * <pre>{@code
 * try (FakePolymarketServer server = FakePolymarketServer.start()) {
 *     server.addBinaryMarket("0xc0nd", "111", "222", levels("0.48", "100"), levels("0.52", "80"));
 *     ... connect a client to server.wsUrl() ...
 *     server.awaitSubscribed("111", Duration.ofSeconds(5));
 *     server.priceChange("111", Side.BUY, "0.49", "25");
 * }
 * }</pre>
 */
public final class FakePolymarketServer implements AutoCloseable {

    /** The WebSocket path, as live. */
    public static final String PATH = "/ws/market";

    /**
     * Server settings.
     *
     * @param port 0 for an ephemeral port
     * @param idleTimeout a socket with no inbound frame for this long is dropped (null = never)
     * @param subscribeTimeout a socket that has not subscribed after this long is closed with 1008
     *     (null = never; the live timeout is unknown)
     * @param snapshotCap tokens per socket that still get snapshots
     * @param minOrderSize enters the book hashes
     * @param tls serve {@code wss://} with a self-signed certificate ({@link #certificate()})
     */
    public record Options(
            int port,
            Duration idleTimeout,
            Duration subscribeTimeout,
            int snapshotCap,
            String minOrderSize,
            boolean tls) {

        public static Options defaults() {
            return new Options(0, Duration.ofSeconds(60), null, 500, "5", false);
        }

        public Options withPort(int port) {
            return new Options(port, idleTimeout, subscribeTimeout, snapshotCap, minOrderSize, tls);
        }

        public Options withIdleTimeout(Duration idleTimeout) {
            return new Options(port, idleTimeout, subscribeTimeout, snapshotCap, minOrderSize, tls);
        }

        public Options withSubscribeTimeout(Duration subscribeTimeout) {
            return new Options(port, idleTimeout, subscribeTimeout, snapshotCap, minOrderSize, tls);
        }

        public Options withSnapshotCap(int snapshotCap) {
            return new Options(port, idleTimeout, subscribeTimeout, snapshotCap, minOrderSize, tls);
        }

        public Options withTls() {
            return new Options(
                    port, idleTimeout, subscribeTimeout, snapshotCap, minOrderSize, true);
        }
    }

    /**
     * One subscription change a client made.
     *
     * @param operation {@code initial}, {@code subscribe} or {@code unsubscribe}
     * @param tokens the ids as sent (known or not)
     */
    public record SubscriptionRecord(
            int connectionId, String operation, List<String> tokens, long atMs) {}

    /** A text frame a client sent, in arrival order. */
    public record ClientFrame(int connectionId, String text, long atMs) {}

    /**
     * A top of book a token's book has had (null = empty side), and the exchange time of the change
     * that made it.
     */
    public record Top(BigDecimal bid, BigDecimal ask, long atMs) {
        /** Equal by value, whatever the scale ({@code 0.5} = {@code 0.50}). */
        public boolean sameAs(BigDecimal otherBid, BigDecimal otherAsk) {
            return same(bid, otherBid) && same(ask, otherAsk);
        }

        private static boolean same(BigDecimal a, BigDecimal b) {
            return a == null ? b == null : b != null && a.compareTo(b) == 0;
        }
    }

    /** A REST request the server answered. */
    public record RestRequest(String method, String path, String query, String body, int status) {}

    private final Options options;
    private final X509Certificate certificate;
    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final int port;

    // Confined to the event loop (except Faults#refuseConnections).
    private final Journal journal = new Journal();
    private final FakeExchange exchange = new FakeExchange(journal);
    private final Faults faults;
    private final ClientSessions sessions;
    private final MarketEvents events;
    private final ClobRestHandler rest;
    private final EventLoopCalls loop;
    private final FakeUserChannel user = new FakeUserChannel();

    @SuppressWarnings("deprecation") // SelfSignedCertificate: fine for a test server
    private FakePolymarketServer(Options options) throws Exception {
        this.options = options;
        this.faults = new Faults(options.snapshotCap());
        this.sessions = new ClientSessions(exchange, faults);
        this.events = new MarketEvents(exchange, sessions, faults, journal);
        this.rest = new ClobRestHandler(exchange, faults, journal);
        SslContext ssl = null;
        if (options.tls()) {
            SelfSignedCertificate self = new SelfSignedCertificate("localhost");
            this.certificate = self.cert();
            ssl = SslContextBuilder.forServer(self.certificate(), self.privateKey()).build();
        } else {
            this.certificate = null;
        }
        this.group =
                new MultiThreadIoEventLoopGroup(
                        1,
                        new DefaultThreadFactory("fake-polymarket", true),
                        NioIoHandler.newFactory());
        this.loop = new EventLoopCalls(group, sessions);
        this.serverChannel =
                new FakeServerPipeline(
                                ssl,
                                options.idleTimeout(),
                                faults,
                                () ->
                                        new MarketSocketHandler(
                                                sessions,
                                                faults,
                                                journal,
                                                rest,
                                                options.subscribeTimeout()),
                                user)
                        .bind(group, options.port());
        this.port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Starts a server on an ephemeral port of 127.0.0.1 with default options. */
    public static FakePolymarketServer start() {
        return start(Options.defaults());
    }

    public static FakePolymarketServer start(Options options) {
        try {
            return new FakePolymarketServer(options);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while binding", e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the fake Polymarket server", e);
        }
    }

    /** {@code ws://127.0.0.1:<port>/ws/market}, or {@code wss://...} with {@link Options#tls}. */
    public URI wsUrl() {
        return URI.create((options.tls() ? "wss" : "ws") + "://127.0.0.1:" + port + PATH);
    }

    /** CLOB REST base URL: {@code http://127.0.0.1:<port>} (the WebSocket's), https with TLS. */
    public URI restUrl() {
        return URI.create((options.tls() ? "https" : "http") + "://127.0.0.1:" + port);
    }

    /** The user channel ({@code /ws/user}) and {@code /data/trades}, on the same port. */
    public FakeUserChannel userChannel() {
        return user;
    }

    /** {@code ws://127.0.0.1:<port>/ws/user} ({@code wss://} with {@link Options#tls}). */
    public URI userWsUrl() {
        return wsUrl().resolve(FakeUserChannel.PATH);
    }

    /** The self-signed certificate (CN=localhost) of a TLS server; null without TLS. */
    public X509Certificate certificate() {
        return certificate;
    }

    public int port() {
        return port;
    }

    /** Builds levels from price/size pairs: {@code levels("0.48", "100", "0.49", "50")}. */
    public static List<PriceLevel> levels(String... priceSizePairs) {
        if (priceSizePairs.length % 2 != 0) {
            throw new IllegalArgumentException("levels take price/size pairs");
        }
        List<PriceLevel> levels = new ArrayList<>();
        for (int i = 0; i < priceSizePairs.length; i += 2) {
            levels.add(PriceLevel.of(priceSizePairs[i], priceSizePairs[i + 1]));
        }
        return levels;
    }

    // ---- Catalogue and books ----

    /**
     * Lists a binary market with tick size 0.01, no trade yet. The NO book is the exact mirror of
     * the YES book: a NO bid at 1−p for every YES ask at p, a NO ask at 1−p for every YES bid.
     * Already subscribed clients get nothing (as live: they subscribed to unknown tokens).
     */
    public void addBinaryMarket(
            String conditionId,
            String yesToken,
            String noToken,
            List<PriceLevel> yesBids,
            List<PriceLevel> yesAsks) {
        loop.run(
                () ->
                        exchange.addBinaryMarket(
                                conditionId,
                                yesToken,
                                noToken,
                                options.minOrderSize(),
                                yesBids,
                                yesAsks));
    }

    /** Sets the market's tick size without announcing it (for snapshots and hashes). */
    public void setTickSize(String conditionId, String tickSize) {
        loop.run(() -> exchange.market(conditionId).tickSize = new BigDecimal(tickSize));
    }

    /** Best bid of a token's book, null when the side is empty. */
    public BigDecimal bestBid(String token) {
        return loop.call(() -> exchange.book(token).bestBid());
    }

    /** Best ask of a token's book, null when the side is empty. */
    public BigDecimal bestAsk(String token) {
        return loop.call(() -> exchange.book(token).bestAsk());
    }

    /** Timestamps of scripted events come from this clock (default: wall clock). */
    public void setClock(LongSupplier clock) {
        Objects.requireNonNull(clock, "clock");
        loop.run(() -> exchange.clock(clock));
    }

    /** Freezes the clock at {@code epochMs}: scripted events carry that timestamp. */
    public void setTime(long epochMs) {
        setClock(() -> epochMs);
    }

    // ---- Market events ----

    /**
     * Sets a level of {@code token}'s book (size {@code "0"} removes it) and the mirrored level of
     * the other outcome, and sends one {@code price_change} with both entries to every client
     * subscribed to either token; then {@code best_bid_ask} where the top moved, to clients with
     * custom features subscribed to that token.
     */
    public void priceChange(String token, Side side, String price, String size) {
        priceChange(token, side, price, size, -1L);
    }

    /** {@link #priceChange(String, Side, String, String)} at an explicit exchange time. */
    public void priceChange(String token, Side side, String price, String size, long timestampMs) {
        loop.run(() -> events.priceChange(token, side, price, size, timestampMs));
    }

    /**
     * A matching burst as seen live (PW #25, §2.8.2): a buy order at {@code token}'s best ask that
     * takes the whole level. Three messages with one timestamp: the order resting at the ask, with
     * entries whose {@code best_bid}/{@code best_ask} are locked (both at the ask price); the
     * {@code last_trade_price}; both levels gone, with the final top. The book's truth is the final
     * state; {@link #burstTimes()} lists the burst's timestamp.
     */
    public void lockedBurst(String token) {
        loop.run(() -> events.lockedBurst(token));
    }

    /** Timestamps of the {@link #lockedBurst}s sent so far. */
    public List<Long> burstTimes() {
        return loop.call(journal::burstTimes);
    }

    /**
     * A lost update: changes a level of {@code token}'s book (and the mirrored level) without
     * telling anyone, so that clients' books drift until their hashes stop verifying.
     */
    public void applySilently(String token, Side side, String price, String size) {
        loop.run(() -> events.applySilently(token, side, price, size));
    }

    /**
     * A trade on {@code token}: sends {@code last_trade_price} (with {@code fee_rate_bps} and a
     * {@code transaction_hash}) to clients subscribed to the market, then a fresh {@code book}
     * (without {@code tick_size}/{@code last_trade_price}) for each token of the market. The levels
     * are left as they are; script the liquidity taken with {@link #priceChange}.
     *
     * @param side the taker's side
     */
    public void trade(String token, String price, String size, Side side) {
        trade(token, price, size, side, -1L);
    }

    public void trade(String token, String price, String size, Side side, long timestampMs) {
        loop.run(() -> events.trade(token, price, size, side, timestampMs));
    }

    /** Changes the market's tick size and sends {@code tick_size_change} for both tokens. */
    public void tickSizeChange(String token, String newTickSize) {
        loop.run(() -> events.tickSizeChange(token, newTickSize));
    }

    /** The market's tick size now. */
    public BigDecimal tickSize(String token) {
        return loop.call(() -> exchange.book(token).market.tickSize);
    }

    /** Sends {@code new_market} (AsyncAPI shape) to every client with custom features. */
    public void announceNewMarket(String conditionId, String question) {
        loop.run(() -> events.announceNewMarket(conditionId, question));
    }

    /**
     * Sends {@code market_resolved} (AsyncAPI shape) to every client with custom features,
     * subscribed to the market or not (live delivery is reported unreliable; tests may skip it).
     */
    public void resolveMarket(String conditionId, String winningToken) {
        loop.run(() -> events.resolveMarket(conditionId, winningToken));
    }

    /** Sends text as is to every subscribed connection (frozen or not): arrays, garbage... */
    public void sendRaw(String text) {
        loop.run(() -> sessions.sendRaw(text));
    }

    /**
     * Like {@link #sendRaw} but split into a text frame and continuation frames of at most {@code
     * fragmentBytes} bytes each (UTF-8), as a server may send large messages.
     */
    public void sendRawFragmented(String text, int fragmentBytes) {
        byte[] bytes = ClientSessions.fragmentable(text, fragmentBytes);
        loop.run(() -> sessions.sendRawFragmented(bytes, fragmentBytes));
    }

    // ---- Observation ----

    /** Union of the tokens subscribed on open connections (known to the server or not). */
    public Set<String> subscribedTokens() {
        return loop.call(sessions::subscribedTokens);
    }

    /** Tokens subscribed on each open connection, by connection id. */
    public Map<Integer, Set<String>> subscriptionsByConnection() {
        return loop.call(sessions::subscriptionsByConnection);
    }

    /** Every subscription change since the start, in order. */
    public List<SubscriptionRecord> subscriptionLog() {
        return loop.call(journal::subscriptions);
    }

    /** Every text frame clients sent since the start, in order. */
    public List<ClientFrame> clientFrames() {
        return loop.call(journal::clientFrames);
    }

    /** Frames one connection sent, in order. */
    public List<String> clientFrames(int connectionId) {
        return loop.call(() -> journal.clientFrames(connectionId));
    }

    /** Every top of book {@code token}'s book has had, oldest first. */
    public List<Top> topHistory(String token) {
        return loop.call(() -> journal.topHistory(token));
    }

    /** True when {@code token}'s book had this top at some point (null = empty side). */
    public boolean wasTop(String token, BigDecimal bid, BigDecimal ask) {
        return topHistory(token).stream().anyMatch(t -> t.sameAs(bid, ask));
    }

    /**
     * The top {@code token}'s book had as of exchange time {@code atMs}: after the last change
     * stamped at or before it. Exact when every scripted event gets its own timestamp (a clock that
     * ticks on every read: {@code setClock(new AtomicLong(t0)::incrementAndGet)}); null before the
     * market existed.
     */
    public Top topAt(String token, long atMs) {
        return loop.call(() -> journal.topAt(token, atMs));
    }

    /** REST requests answered so far, in order. */
    public List<RestRequest> restRequests() {
        return loop.call(journal::restRequests);
    }

    /** Open WebSocket connections (handshake done). */
    public int connectionCount() {
        return loop.call(sessions::size);
    }

    /** Ids of the open connections, oldest first. */
    public List<Integer> connectionIds() {
        return loop.call(sessions::ids);
    }

    /** Waits until some open connection is subscribed to {@code token}. */
    public void awaitSubscribed(String token, Duration timeout) {
        EventLoopCalls.await(
                () -> subscribedTokens().contains(token), timeout, "subscription to " + token);
    }

    /** Waits until no open connection is subscribed to {@code token}. */
    public void awaitUnsubscribed(String token, Duration timeout) {
        EventLoopCalls.await(
                () -> !subscribedTokens().contains(token), timeout, "unsubscription of " + token);
    }

    /** Waits until exactly {@code count} connections are open. */
    public void awaitConnections(int count, Duration timeout) {
        EventLoopCalls.await(
                () -> connectionCount() == count, timeout, count + " open connections");
    }

    // ---- Failure injection ----

    /**
     * Drops every connection: {@code 1006} closes the TCP socket abruptly (RST, no close frame),
     * any other code sends a close frame with it first (e.g. {@code 1000}, {@code 1001}).
     */
    public void dropAll(int closeCode) {
        loop.run(() -> sessions.dropAll(closeCode));
    }

    /**
     * The silent freeze of §7: while frozen no market data is sent (snapshots and scripted events
     * are dropped, not queued), but {@code PING} is still answered.
     */
    public void freeze(boolean frozen) {
        loop.run(() -> faults.frozen = frozen);
    }

    /** With {@code false}, text {@code PING} goes unanswered (to trip a client's pong timeout). */
    public void answerPings(boolean answer) {
        loop.run(() -> faults.answerPings = answer);
    }

    /** {@code PONG} answers go out this late ({@link Duration#ZERO}: at once). */
    public void pongDelay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        loop.run(() -> faults.pongDelay = delay);
    }

    /**
     * Per-token freeze (NT #4901: one asset's updates stop while the others flow): no snapshot,
     * entry, trade or book of {@code token} is sent while frozen, on any connection. A client that
     * unsubscribes the token lifts the freeze (re-subscribing rescues it, as live about half the
     * time). REST still answers for it.
     */
    public void freezeToken(String token, boolean frozen) {
        loop.run(() -> faults.freezeToken(token, frozen));
    }

    /** True while {@code token} is frozen. */
    public boolean tokenFrozen(String token) {
        return loop.call(() -> faults.frozen(token));
    }

    /** Sends deliberately wrong hashes (well-formed, 40 hex) for {@code token}'s changes. */
    public void corruptHashes(String token, boolean corrupt) {
        loop.run(() -> faults.corruptHashes(token, corrupt));
    }

    /** With {@code true}, the events of each scripting call go out as one JSON array frame. */
    public void arrayFrames(boolean arrays) {
        loop.run(() -> faults.arrayFrames = arrays);
    }

    /** With {@code true}, every scripting call also sends an event of an unknown type. */
    public void unknownEvents(boolean unknown) {
        loop.run(() -> faults.unknownEvents = unknown);
    }

    /** With {@code true}, price changes use the pre-2025-09-15 {@code changes[]} schema. */
    public void legacySchema(boolean legacy) {
        loop.run(() -> faults.legacySchema = legacy);
    }

    /**
     * With {@code true}, {@code operation} messages are refused with text {@code INVALID OPERATION}
     * and ignored (the live trigger set of that reply is unknown).
     */
    public void rejectOperations(boolean reject) {
        loop.run(() -> faults.rejectOperations = reject);
    }

    /**
     * With {@code true}, WebSocket upgrades get HTTP 503 (the market channel is down; REST still
     * answers). Open connections are not touched: drop them with {@link #dropAll}.
     */
    public void refuseConnections(boolean refuse) {
        loop.run(() -> faults.refuseConnections = refuse);
    }

    /** Tokens per socket that still get snapshots, from now on (starts at the option's). */
    public void snapshotCap(int cap) {
        loop.run(() -> faults.snapshotCap = cap);
    }

    /** With {@code false}, every REST request gets 503. */
    public void restAvailable(boolean available) {
        loop.run(() -> faults.restAvailable = available);
    }

    /** At most {@code perSecond} {@code /prices-history} answers a second; more get 429. */
    public void historyRateLimit(int perSecond) {
        loop.run(() -> rest.historyRateLimit(perSecond));
    }

    /** Sends every subscribed connection one well-formed JSON frame of about {@code bytes}. */
    public void sendOversizedFrame(int bytes) {
        String noise = "{\"event_type\":\"noise\"},";
        sendRaw("[" + noise.repeat(Math.max(1, bytes / noise.length())) + "{}]");
    }

    /** For Firehose: a snapshot of who listens to what is taken on this loop. */
    EventLoop eventLoop() {
        return group.next();
    }

    /** Call on {@link #eventLoop()} only. */
    List<Listener> listenersOnLoop() {
        return sessions.listeners();
    }

    @Override
    public void close() {
        serverChannel.close().awaitUninterruptibly(2_000);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3_000);
    }
}
