package dev.polystream.ws.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystream.ws.protocol.BookHasher;
import dev.polystream.ws.protocol.PriceLevel;
import dev.polystream.ws.protocol.Side;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
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

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final BigDecimal EXTREME_HIGH = new BigDecimal("0.96");
    private static final BigDecimal EXTREME_LOW = new BigDecimal("0.04");
    private static final BigDecimal FINE_TICK = new BigDecimal("0.001");

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

    // Confined to the event loop.
    private final Map<String, FakeMarket> markets = new LinkedHashMap<>();
    private final Map<String, FakeBook> books = new HashMap<>();
    private final Map<Channel, Conn> conns = new LinkedHashMap<>();
    private final List<SubscriptionRecord> subscriptionLog = new ArrayList<>();
    private final List<ClientFrame> clientFrames = new ArrayList<>();
    private int nextConnectionId = 1;
    private boolean frozen;
    private boolean answerPings = true;
    private Duration pongDelay = Duration.ZERO;

    /** Tokens whose market data stops until a client unsubscribes them (then re-subscribes). */
    private final Set<String> frozenTokens = new HashSet<>();

    private final Set<String> corruptHashTokens = new HashSet<>();
    private boolean arrayFrames;
    private boolean unknownEvents;
    private boolean legacySchema;
    private boolean rejectOperations;
    private boolean restAvailable = true;
    private volatile boolean refuseConnections;
    private int snapshotCap;

    /** Frames written by one scripting call, per connection, sent when the call ends. */
    private final Map<Conn, List<String>> outbox = new LinkedHashMap<>();

    private final Map<String, List<Top>> topHistory = new HashMap<>();
    private final List<RestRequest> restRequests = new ArrayList<>();
    private final List<Long> burstTimes = new ArrayList<>();
    private LongSupplier clock = System::currentTimeMillis;
    private final AtomicLong txCounter = new AtomicLong();

    @SuppressWarnings("deprecation") // SelfSignedCertificate: fine for a test server
    private FakePolymarketServer(Options options) throws Exception {
        this.options = options;
        this.snapshotCap = options.snapshotCap();
        SslContext ssl = null;
        if (options.tls()) {
            SelfSignedCertificate self = new SelfSignedCertificate("localhost");
            this.certificate = self.cert();
            ssl = SslContextBuilder.forServer(self.certificate(), self.privateKey()).build();
        } else {
            this.certificate = null;
        }
        SslContext serverSsl = ssl;
        this.group =
                new MultiThreadIoEventLoopGroup(
                        1,
                        new DefaultThreadFactory("fake-polymarket", true),
                        NioIoHandler.newFactory());
        ServerBootstrap bootstrap =
                new ServerBootstrap()
                        .group(group)
                        .channel(NioServerSocketChannel.class)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        // Room for a firehose's bursts: a socket counts as backed up (see
                        // Firehose) only past 4 MiB unread, as a real server would buffer.
                        .childOption(
                                ChannelOption.WRITE_BUFFER_WATER_MARK,
                                new io.netty.channel.WriteBufferWaterMark(1 << 20, 4 << 20))
                        .childHandler(
                                new ChannelInitializer<SocketChannel>() {
                                    @Override
                                    protected void initChannel(SocketChannel ch) {
                                        var p = ch.pipeline();
                                        if (serverSsl != null) {
                                            p.addLast(serverSsl.newHandler(ch.alloc()));
                                        }
                                        p.addLast(new HttpServerCodec());
                                        p.addLast(new HttpObjectAggregator(1024 * 1024));
                                        if (options.idleTimeout() != null) {
                                            p.addLast(
                                                    new IdleStateHandler(
                                                            options.idleTimeout().toMillis(),
                                                            0,
                                                            0,
                                                            TimeUnit.MILLISECONDS));
                                        }
                                        p.addLast(new UpgradeGate());
                                        p.addLast(
                                                new WebSocketServerProtocolHandler(
                                                        WebSocketServerProtocolConfig.newBuilder()
                                                                .websocketPath(PATH)
                                                                .maxFramePayloadLength(
                                                                        16 * 1024 * 1024)
                                                                .handleCloseFrames(true)
                                                                // close() stays abrupt; close
                                                                // frames are written explicitly
                                                                .sendCloseFrame(null)
                                                                .build()));
                                        p.addLast(new WebSocketFrameAggregator(16 * 1024 * 1024));
                                        p.addLast(new ConnHandler());
                                    }
                                });
        this.serverChannel =
                bootstrap.bind(new InetSocketAddress("127.0.0.1", options.port())).sync().channel();
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

    /**
     * The CLOB REST base URL: {@code http://127.0.0.1:<port>} (same port as the WebSocket), or
     * {@code https://...} with {@link Options#tls}.
     */
    public URI restUrl() {
        return URI.create((options.tls() ? "https" : "http") + "://127.0.0.1:" + port);
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

    // ---------------------------------------------------------------------------------------
    // Catalogue and books

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
        call(
                () -> {
                    FakeMarket market =
                            new FakeMarket(conditionId, yesToken, noToken, options.minOrderSize());
                    markets.put(conditionId, market);
                    FakeBook yes = new FakeBook(yesToken, market);
                    FakeBook no = new FakeBook(noToken, market);
                    for (PriceLevel l : yesBids) {
                        yes.set(Side.BUY, l.price(), l.size());
                        no.set(Side.SELL, mirror(l.price()), l.size());
                    }
                    for (PriceLevel l : yesAsks) {
                        yes.set(Side.SELL, l.price(), l.size());
                        no.set(Side.BUY, mirror(l.price()), l.size());
                    }
                    books.put(yesToken, yes);
                    books.put(noToken, no);
                    long ts = clock.getAsLong();
                    recordTop(yes, ts);
                    recordTop(no, ts);
                    return null;
                });
    }

    /** Sets the market's tick size without announcing it (for snapshots and hashes). */
    public void setTickSize(String conditionId, String tickSize) {
        call(
                () -> {
                    market(conditionId).tickSize = new BigDecimal(tickSize);
                    return null;
                });
    }

    /** Best bid of a token's book, null when the side is empty. */
    public BigDecimal bestBid(String token) {
        return call(() -> book(token).bestBid());
    }

    /** Best ask of a token's book, null when the side is empty. */
    public BigDecimal bestAsk(String token) {
        return call(() -> book(token).bestAsk());
    }

    // ---------------------------------------------------------------------------------------
    // Clock

    /** Timestamps of scripted events come from this clock (default: wall clock). */
    public void setClock(LongSupplier clock) {
        Objects.requireNonNull(clock, "clock");
        call(
                () -> {
                    this.clock = clock;
                    return null;
                });
    }

    /** Freezes the clock at {@code epochMs}: scripted events carry that timestamp. */
    public void setTime(long epochMs) {
        setClock(() -> epochMs);
    }

    // ---------------------------------------------------------------------------------------
    // Market events

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
        call(
                () -> {
                    long ts = timestampMs >= 0 ? timestampMs : clock.getAsLong();
                    FakeBook book = book(token);
                    FakeMarket market = book.market;
                    FakeBook other = books.get(market.other(token));
                    BigDecimal p = new BigDecimal(price);
                    BigDecimal s = new BigDecimal(size);
                    BigDecimal[] before = {
                        book.bestBid(), book.bestAsk(), other.bestBid(), other.bestAsk()
                    };
                    mutate(book, side, p, s, ts);
                    mutate(other, side.opposite(), mirror(p), s, ts);
                    if (legacySchema) {
                        legacyPriceChange(book, p, s, side, ts);
                        legacyPriceChange(other, mirror(p), s, side.opposite(), ts);
                    } else {
                        ArrayNode entries = JSON.createArrayNode();
                        if (!frozenTokens.contains(book.token)) {
                            entries.add(entry(book, p, s, side, ts));
                        }
                        if (!frozenTokens.contains(other.token)) {
                            entries.add(entry(other, mirror(p), s, side.opposite(), ts));
                        }
                        ObjectNode message = JSON.createObjectNode();
                        message.put("market", market.conditionId);
                        message.set("price_changes", entries);
                        message.put("timestamp", Long.toString(ts));
                        message.put("event_type", "price_change");
                        if (!entries.isEmpty()) {
                            sendData(
                                    c ->
                                            c.tokens.contains(book.token)
                                                    || c.tokens.contains(other.token),
                                    message.toString());
                        }
                    }
                    bestBidAskIfMoved(book, before[0], before[1], ts);
                    bestBidAskIfMoved(other, before[2], before[3], ts);
                    tickSizeIfExtreme(market, ts);
                    return null;
                });
    }

    /**
     * A matching burst as seen live (PW #25, §2.8.2): a buy order at {@code token}'s best ask that
     * takes the whole level. Three messages with one timestamp: the order resting at the ask, with
     * entries whose {@code best_bid}/{@code best_ask} are locked (both at the ask price); the
     * {@code last_trade_price}; both levels gone, with the final top. The book's truth is the final
     * state; {@link #burstTimes()} lists the burst's timestamp.
     */
    public void lockedBurst(String token) {
        call(
                () -> {
                    long ts = clock.getAsLong();
                    FakeBook book = book(token);
                    FakeMarket market = book.market;
                    FakeBook other = books.get(market.other(token));
                    BigDecimal ask = book.bestAsk();
                    if (ask == null) {
                        throw new IllegalStateException("No ask to take on " + token);
                    }
                    BigDecimal size = book.asks.get(ask).size();
                    BigDecimal mirrored = mirror(ask);
                    burstTimes.add(ts);
                    // the match; every entry of the burst carries the final hash (as live)
                    mutate(book, Side.SELL, ask, BigDecimal.ZERO, ts);
                    mutate(other, Side.BUY, mirrored, BigDecimal.ZERO, ts);
                    market.lastTradePrice = token.equals(market.yes) ? ask : mirrored;
                    // 1: the buy order rests at the ask; the feed shows a locked top
                    ArrayNode locked = JSON.createArrayNode();
                    locked.add(burstEntry(book, ask, size, Side.BUY, ask, ask, ts));
                    locked.add(
                            burstEntry(other, mirrored, size, Side.SELL, mirrored, mirrored, ts));
                    sendData(
                            c -> c.tokens.contains(book.token) || c.tokens.contains(other.token),
                            priceChangeJson(market, locked, ts));
                    ObjectNode trade = JSON.createObjectNode();
                    trade.put("asset_id", token);
                    trade.put("event_type", "last_trade_price");
                    trade.put("fee_rate_bps", "0");
                    trade.put("market", market.conditionId);
                    trade.put("price", ask.toPlainString());
                    trade.put("side", "BUY");
                    trade.put("size", size.toPlainString());
                    trade.put("timestamp", Long.toString(ts));
                    sendData(c -> market.subscribedBy(c), trade.toString());
                    // 2: both levels gone, final top
                    ArrayNode done = JSON.createArrayNode();
                    done.add(entry(book, ask, BigDecimal.ZERO, Side.SELL, ts));
                    done.add(entry(book, ask, BigDecimal.ZERO, Side.BUY, ts));
                    done.add(entry(other, mirrored, BigDecimal.ZERO, Side.BUY, ts));
                    done.add(entry(other, mirrored, BigDecimal.ZERO, Side.SELL, ts));
                    sendData(
                            c -> c.tokens.contains(book.token) || c.tokens.contains(other.token),
                            priceChangeJson(market, done, ts));
                    return null;
                });
    }

    /** Timestamps of the {@link #lockedBurst}s sent so far. */
    public List<Long> burstTimes() {
        return call(() -> List.copyOf(burstTimes));
    }

    private ObjectNode burstEntry(
            FakeBook book,
            BigDecimal price,
            BigDecimal size,
            Side side,
            BigDecimal bid,
            BigDecimal ask,
            long ts) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("asset_id", book.token);
        entry.put("price", price.toPlainString());
        entry.put("size", size.toPlainString());
        entry.put("side", side.name());
        entry.put("hash", book.hash(ts));
        entry.put("best_bid", bid.toPlainString());
        entry.put("best_ask", ask.toPlainString());
        return entry;
    }

    private static String priceChangeJson(FakeMarket market, ArrayNode entries, long ts) {
        ObjectNode message = JSON.createObjectNode();
        message.put("market", market.conditionId);
        message.set("price_changes", entries);
        message.put("timestamp", Long.toString(ts));
        message.put("event_type", "price_change");
        return message.toString();
    }

    /**
     * A lost update: changes a level of {@code token}'s book (and the mirrored level) without
     * telling anyone, so that clients' books drift until their hashes stop verifying.
     */
    public void applySilently(String token, Side side, String price, String size) {
        call(
                () -> {
                    FakeBook book = book(token);
                    FakeBook other = books.get(book.market.other(token));
                    BigDecimal p = new BigDecimal(price);
                    BigDecimal s = new BigDecimal(size);
                    long ts = clock.getAsLong();
                    mutate(book, side, p, s, ts);
                    mutate(other, side.opposite(), mirror(p), s, ts);
                    return null;
                });
    }

    /** The pre-2025-09-15 schema: one message per token, {@code changes[]}, message hash. */
    private void legacyPriceChange(
            FakeBook book, BigDecimal price, BigDecimal size, Side side, long ts) {
        if (frozenTokens.contains(book.token)) {
            return;
        }
        ObjectNode message = JSON.createObjectNode();
        message.put("asset_id", book.token);
        ArrayNode changes = message.putArray("changes");
        changes.addObject()
                .put("price", price.toPlainString())
                .put("side", side.name())
                .put("size", size.toPlainString());
        message.put("event_type", "price_change");
        message.put(
                "hash", corruptHashTokens.contains(book.token) ? book.hash(ts + 1) : book.hash(ts));
        message.put("market", book.market.conditionId);
        message.put("timestamp", Long.toString(ts));
        sendData(c -> c.tokens.contains(book.token), message.toString());
    }

    /** Sets a level and records the book's new top, as of exchange time {@code ts}. */
    private void mutate(FakeBook book, Side side, BigDecimal price, BigDecimal size, long ts) {
        book.set(side, price, size);
        recordTop(book, ts);
    }

    private void recordTop(FakeBook book, long ts) {
        List<Top> history = topHistory.computeIfAbsent(book.token, t -> new ArrayList<>());
        history.add(new Top(book.bestBid(), book.bestAsk(), ts));
    }

    /**
     * As live (§2.8.4): a book whose top moves above 0.96 or below 0.04 switches the market to
     * 0.001 ticks, announced with {@code tick_size_change} for both tokens. One way only: live
     * captures show no switch back.
     */
    private void tickSizeIfExtreme(FakeMarket market, long ts) {
        FakeBook yes = books.get(market.yes);
        BigDecimal bid = yes.bestBid();
        BigDecimal ask = yes.bestAsk();
        boolean extreme =
                bid != null && bid.compareTo(EXTREME_HIGH) > 0
                        || ask != null && ask.compareTo(EXTREME_LOW) < 0;
        if (extreme && market.tickSize.compareTo(FINE_TICK) > 0) {
            announceTickSize(market, FINE_TICK, ts);
        }
    }

    private void announceTickSize(FakeMarket market, BigDecimal newTick, long ts) {
        BigDecimal old = market.tickSize;
        market.tickSize = newTick;
        for (String t : List.of(market.yes, market.no)) {
            if (frozenTokens.contains(t)) {
                continue;
            }
            ObjectNode event = JSON.createObjectNode();
            event.put("event_type", "tick_size_change");
            event.put("asset_id", t);
            event.put("market", market.conditionId);
            event.put("old_tick_size", old.toPlainString());
            event.put("new_tick_size", newTick.toPlainString());
            event.put("timestamp", Long.toString(ts));
            sendData(c -> c.tokens.contains(t), event.toString());
        }
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
        call(
                () -> {
                    long ts = timestampMs >= 0 ? timestampMs : clock.getAsLong();
                    FakeBook book = book(token);
                    FakeMarket market = book.market;
                    BigDecimal p = new BigDecimal(price);
                    market.lastTradePrice = token.equals(market.yes) ? p : mirror(p);
                    ObjectNode trade = JSON.createObjectNode();
                    trade.put("asset_id", token);
                    trade.put("event_type", "last_trade_price");
                    trade.put("fee_rate_bps", "0");
                    trade.put("market", market.conditionId);
                    trade.put("price", price);
                    trade.put("side", side.name());
                    trade.put("size", size);
                    trade.put("timestamp", Long.toString(ts));
                    trade.put(
                            "transaction_hash",
                            String.format("0x%064x", txCounter.incrementAndGet()));
                    if (!frozenTokens.contains(token)) {
                        sendData(c -> market.subscribedBy(c), trade.toString());
                    }
                    for (String t : List.of(market.yes, market.no)) {
                        FakeBook b = books.get(t);
                        if (!frozenTokens.contains(t)) {
                            sendData(c -> c.tokens.contains(t), bookJson(b, ts, false).toString());
                        }
                    }
                    return null;
                });
    }

    /** Changes the market's tick size and sends {@code tick_size_change} for both tokens. */
    public void tickSizeChange(String token, String newTickSize) {
        call(
                () -> {
                    announceTickSize(
                            book(token).market, new BigDecimal(newTickSize), clock.getAsLong());
                    return null;
                });
    }

    /** The market's tick size now. */
    public BigDecimal tickSize(String token) {
        return call(() -> book(token).market.tickSize);
    }

    /** Sends {@code new_market} (AsyncAPI shape) to every client with custom features. */
    public void announceNewMarket(String conditionId, String question) {
        call(
                () -> {
                    FakeMarket market = market(conditionId);
                    ObjectNode event = JSON.createObjectNode();
                    event.put("event_type", "new_market");
                    event.put("id", Integer.toString(Math.abs(conditionId.hashCode())));
                    event.put("question", question);
                    event.put("market", conditionId);
                    event.put("slug", question.toLowerCase(Locale.ROOT).replace(' ', '-'));
                    event.set("assets_ids", JSON.createArrayNode().add(market.yes).add(market.no));
                    event.set("outcomes", JSON.createArrayNode().add("Yes").add("No"));
                    event.put("timestamp", Long.toString(clock.getAsLong()));
                    event.put("condition_id", conditionId);
                    event.put("active", true);
                    event.set(
                            "clob_token_ids",
                            JSON.createArrayNode().add(market.yes).add(market.no));
                    event.put("order_price_min_tick_size", market.tickSize.toPlainString());
                    sendData(c -> c.customFeatures, event.toString());
                    return null;
                });
    }

    /**
     * Sends {@code market_resolved} (AsyncAPI shape) to every client with custom features,
     * subscribed to the market or not (live delivery is reported unreliable; tests may skip it).
     */
    public void resolveMarket(String conditionId, String winningToken) {
        call(
                () -> {
                    FakeMarket market = market(conditionId);
                    ObjectNode event = JSON.createObjectNode();
                    event.put("event_type", "market_resolved");
                    event.put("id", Integer.toString(Math.abs(conditionId.hashCode())));
                    event.put("market", conditionId);
                    event.set("assets_ids", JSON.createArrayNode().add(market.yes).add(market.no));
                    event.put("winning_asset_id", winningToken);
                    event.put("winning_outcome", winningToken.equals(market.yes) ? "Yes" : "No");
                    event.put("timestamp", Long.toString(clock.getAsLong()));
                    sendData(c -> c.customFeatures, event.toString());
                    return null;
                });
    }

    /**
     * Sends a text frame as is to every connection that has subscribed (whether frozen or not):
     * arrays, unknown event types, legacy schemas, wrong hashes, garbage.
     */
    public void sendRaw(String text) {
        call(
                () -> {
                    for (Conn c : conns.values()) {
                        if (c.subscribed) {
                            c.channel.writeAndFlush(new TextWebSocketFrame(text));
                        }
                    }
                    return null;
                });
    }

    /**
     * Like {@link #sendRaw} but split into a text frame and continuation frames of at most {@code
     * fragmentBytes} bytes each (UTF-8), as a server may send large messages.
     */
    public void sendRawFragmented(String text, int fragmentBytes) {
        if (fragmentBytes < 1) {
            throw new IllegalArgumentException("fragmentBytes must be positive");
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        call(
                () -> {
                    for (Conn c : conns.values()) {
                        if (!c.subscribed) {
                            continue;
                        }
                        for (int from = 0; from < bytes.length; from += fragmentBytes) {
                            int to = Math.min(bytes.length, from + fragmentBytes);
                            boolean last = to == bytes.length;
                            var chunk = Unpooled.copiedBuffer(bytes, from, to - from);
                            c.channel.write(
                                    from == 0
                                            ? new TextWebSocketFrame(last, 0, chunk)
                                            : new ContinuationWebSocketFrame(last, 0, chunk));
                        }
                        c.channel.flush();
                    }
                    return null;
                });
    }

    // ---------------------------------------------------------------------------------------
    // Observation

    /** Union of the tokens subscribed on open connections (known to the server or not). */
    public Set<String> subscribedTokens() {
        return call(
                () -> {
                    Set<String> all = new LinkedHashSet<>();
                    conns.values().forEach(c -> all.addAll(c.tokens));
                    return Set.copyOf(all);
                });
    }

    /** Tokens subscribed on each open connection, by connection id. */
    public Map<Integer, Set<String>> subscriptionsByConnection() {
        return call(
                () -> {
                    Map<Integer, Set<String>> byConn = new LinkedHashMap<>();
                    conns.values().forEach(c -> byConn.put(c.id, Set.copyOf(c.tokens)));
                    return byConn;
                });
    }

    /** Every subscription change since the start, in order. */
    public List<SubscriptionRecord> subscriptionLog() {
        return call(() -> List.copyOf(subscriptionLog));
    }

    /** Every text frame clients sent since the start, in order. */
    public List<ClientFrame> clientFrames() {
        return call(() -> List.copyOf(clientFrames));
    }

    /** Frames one connection sent, in order. */
    public List<String> clientFrames(int connectionId) {
        return call(
                () ->
                        clientFrames.stream()
                                .filter(f -> f.connectionId() == connectionId)
                                .map(ClientFrame::text)
                                .toList());
    }

    /** Every top of book {@code token}'s book has had, oldest first. */
    public List<Top> topHistory(String token) {
        return call(() -> List.copyOf(topHistory.getOrDefault(token, List.of())));
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
        List<Top> history = topHistory(token);
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).atMs() <= atMs) {
                return history.get(i);
            }
        }
        return null;
    }

    /** REST requests answered so far, in order. */
    public List<RestRequest> restRequests() {
        return call(() -> List.copyOf(restRequests));
    }

    /** Open WebSocket connections (handshake done). */
    public int connectionCount() {
        return call(conns::size);
    }

    /** Ids of the open connections, oldest first. */
    public List<Integer> connectionIds() {
        return call(() -> conns.values().stream().map(c -> c.id).toList());
    }

    /** Waits until some open connection is subscribed to {@code token}. */
    public void awaitSubscribed(String token, Duration timeout) {
        await(() -> subscribedTokens().contains(token), timeout, "subscription to " + token);
    }

    /** Waits until no open connection is subscribed to {@code token}. */
    public void awaitUnsubscribed(String token, Duration timeout) {
        await(() -> !subscribedTokens().contains(token), timeout, "unsubscription of " + token);
    }

    /** Waits until exactly {@code count} connections are open. */
    public void awaitConnections(int count, Duration timeout) {
        await(() -> connectionCount() == count, timeout, count + " open connections");
    }

    // ---------------------------------------------------------------------------------------
    // Failure injection

    /**
     * Drops every connection: {@code 1006} closes the TCP socket abruptly (RST, no close frame),
     * any other code sends a close frame with it first (e.g. {@code 1000}, {@code 1001}).
     */
    public void dropAll(int closeCode) {
        call(
                () -> {
                    for (Conn c : List.copyOf(conns.values())) {
                        if (closeCode == 1006) {
                            c.channel.config().setOption(ChannelOption.SO_LINGER, 0);
                            c.channel.close();
                        } else {
                            c.channel
                                    .writeAndFlush(new CloseWebSocketFrame(closeCode, "dropped"))
                                    .addListener(ChannelFutureListener.CLOSE);
                        }
                    }
                    return null;
                });
    }

    /**
     * The silent freeze of §7: while frozen no market data is sent (snapshots and scripted events
     * are dropped, not queued), but {@code PING} is still answered.
     */
    public void freeze(boolean frozen) {
        call(
                () -> {
                    this.frozen = frozen;
                    return null;
                });
    }

    /** With {@code false}, text {@code PING} goes unanswered (to trip a client's pong timeout). */
    public void answerPings(boolean answer) {
        call(
                () -> {
                    this.answerPings = answer;
                    return null;
                });
    }

    /** {@code PONG} answers go out this late ({@link Duration#ZERO}: at once). */
    public void pongDelay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        set(() -> this.pongDelay = delay);
    }

    /**
     * Per-token freeze (NT #4901: one asset's updates stop while the others flow): no snapshot,
     * entry, trade or book of {@code token} is sent while frozen, on any connection. A client that
     * unsubscribes the token lifts the freeze (re-subscribing rescues it, as live about half the
     * time). REST still answers for it.
     */
    public void freezeToken(String token, boolean frozen) {
        set(
                () -> {
                    if (frozen) {
                        frozenTokens.add(token);
                    } else {
                        frozenTokens.remove(token);
                    }
                });
    }

    /** True while {@code token} is frozen. */
    public boolean tokenFrozen(String token) {
        return call(() -> frozenTokens.contains(token));
    }

    /** Sends deliberately wrong hashes (well-formed, 40 hex) for {@code token}'s changes. */
    public void corruptHashes(String token, boolean corrupt) {
        set(
                () -> {
                    if (corrupt) {
                        corruptHashTokens.add(token);
                    } else {
                        corruptHashTokens.remove(token);
                    }
                });
    }

    /** With {@code true}, the events of each scripting call go out as one JSON array frame. */
    public void arrayFrames(boolean arrays) {
        set(() -> this.arrayFrames = arrays);
    }

    /** With {@code true}, every scripting call also sends an event of an unknown type. */
    public void unknownEvents(boolean unknown) {
        set(() -> this.unknownEvents = unknown);
    }

    /** With {@code true}, price changes use the pre-2025-09-15 {@code changes[]} schema. */
    public void legacySchema(boolean legacy) {
        set(() -> this.legacySchema = legacy);
    }

    /**
     * With {@code true}, {@code operation} messages are refused with text {@code INVALID OPERATION}
     * and ignored (the live trigger set of that reply is unknown).
     */
    public void rejectOperations(boolean reject) {
        set(() -> this.rejectOperations = reject);
    }

    /**
     * With {@code true}, WebSocket upgrades get HTTP 503 (the market channel is down; REST still
     * answers). Open connections are not touched: drop them with {@link #dropAll}.
     */
    public void refuseConnections(boolean refuse) {
        set(() -> this.refuseConnections = refuse);
    }

    /** Tokens per socket that still get snapshots, from now on (starts at the option's). */
    public void snapshotCap(int cap) {
        set(() -> this.snapshotCap = cap);
    }

    /** With {@code false}, every REST request gets 503. */
    public void restAvailable(boolean available) {
        set(() -> this.restAvailable = available);
    }

    /** Sends every subscribed connection one well-formed JSON frame of about {@code bytes}. */
    public void sendOversizedFrame(int bytes) {
        String noise = "{\"event_type\":\"noise\"},";
        sendRaw("[" + noise.repeat(Math.max(1, bytes / noise.length())) + "{}]");
    }

    private void set(Runnable change) {
        call(
                () -> {
                    change.run();
                    return null;
                });
    }

    // ---------------------------------------------------------------------------------------
    // For Firehose: a snapshot of who listens to what, taken on the server's event loop.

    /** A subscribed connection and the markets (condition id, YES token, NO token) it streams. */
    record Listener(Channel channel, List<String[]> markets) {}

    io.netty.channel.EventLoop eventLoop() {
        return group.next();
    }

    /** Call on {@link #eventLoop()} only. */
    List<Listener> listenersOnLoop() {
        List<Listener> listeners = new ArrayList<>();
        for (Conn c : conns.values()) {
            if (!c.subscribed || !c.channel.isActive()) {
                continue;
            }
            List<String[]> streamed = new ArrayList<>();
            for (FakeMarket m : markets.values()) {
                if (c.tokens.contains(m.yes) || c.tokens.contains(m.no)) {
                    streamed.add(new String[] {m.conditionId, m.yes, m.no});
                }
            }
            if (!streamed.isEmpty()) {
                listeners.add(new Listener(c.channel, streamed));
            }
        }
        return listeners;
    }

    @Override
    public void close() {
        serverChannel.close().awaitUninterruptibly(2_000);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3_000);
    }

    // ---------------------------------------------------------------------------------------
    // Protocol handling, on the event loop

    /** Refuses WebSocket upgrades while {@link #refuseConnections} is on. */
    private final class UpgradeGate extends io.netty.channel.ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (refuseConnections
                    && msg instanceof FullHttpRequest request
                    && new QueryStringDecoder(request.uri()).path().equals(PATH)) {
                request.release();
                ctx.writeAndFlush(
                                new DefaultFullHttpResponse(
                                        request.protocolVersion(),
                                        HttpResponseStatus.SERVICE_UNAVAILABLE))
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            }
            ctx.fireChannelRead(msg);
        }
    }

    private final class ConnHandler extends SimpleChannelInboundHandler<Object> {

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                Conn conn = new Conn(nextConnectionId++, ctx.channel());
                conns.put(ctx.channel(), conn);
                ctx.channel().closeFuture().addListener(f -> conns.remove(ctx.channel()));
                if (options.subscribeTimeout() != null) {
                    ctx.executor()
                            .schedule(
                                    () -> {
                                        if (!conn.subscribed) {
                                            closeInvalid(ctx);
                                        }
                                    },
                                    options.subscribeTimeout().toMillis(),
                                    TimeUnit.MILLISECONDS);
                }
            } else if (evt instanceof IdleStateEvent) {
                ctx.close();
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof FullHttpRequest request) {
                // Not an upgrade on /ws/market: the CLOB REST API.
                onRest(ctx, request);
                return;
            }
            Conn conn = conns.get(ctx.channel());
            if (conn == null || !(msg instanceof WebSocketFrame frame)) {
                return;
            }
            if (frame instanceof TextWebSocketFrame text) {
                onText(ctx, conn, text.text());
            } else {
                // Binary frames are not part of the protocol.
                conn.channel.writeAndFlush(new TextWebSocketFrame("INVALID OPERATION"));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private void onText(ChannelHandlerContext ctx, Conn conn, String text) {
        clientFrames.add(new ClientFrame(conn.id, text, System.currentTimeMillis()));
        JsonNode json = parseObject(text);
        if (!conn.subscribed) {
            boolean initial =
                    json != null
                            && (json.path("type").asText("").equalsIgnoreCase("market")
                                    || json.path("operation")
                                            .asText("")
                                            .equalsIgnoreCase("subscribe"));
            if (!initial) {
                closeInvalid(ctx);
                return;
            }
            conn.subscribed = true;
            conn.customFeatures = json.path("custom_feature_enabled").asBoolean(false);
            conn.initialDump = json.path("initial_dump").asBoolean(true);
            List<String> tokens = tokens(json);
            subscriptionLog.add(
                    new SubscriptionRecord(conn.id, "initial", tokens, System.currentTimeMillis()));
            List<String> added = conn.add(tokens);
            if (conn.initialDump && !tokens.isEmpty()) {
                sendSnapshots(conn, added);
            }
            return;
        }
        if (text.strip().equals("PING")) {
            if (!answerPings) {
                return;
            }
            if (pongDelay.isZero()) {
                conn.channel.writeAndFlush(new TextWebSocketFrame("PONG"));
            } else {
                ctx.executor()
                        .schedule(
                                () -> conn.channel.writeAndFlush(new TextWebSocketFrame("PONG")),
                                pongDelay.toMillis(),
                                TimeUnit.MILLISECONDS);
            }
            return;
        }
        if (json == null || !json.has("operation")) {
            // A second initial subscription, or anything unreadable.
            conn.channel.writeAndFlush(new TextWebSocketFrame("INVALID OPERATION"));
            return;
        }
        String operation = json.path("operation").asText("").toLowerCase(Locale.ROOT);
        List<String> tokens = tokens(json);
        if (rejectOperations) {
            subscriptionLog.add(
                    new SubscriptionRecord(
                            conn.id, "rejected " + operation, tokens, System.currentTimeMillis()));
            conn.channel.writeAndFlush(new TextWebSocketFrame("INVALID OPERATION"));
            return;
        }
        switch (operation) {
            case "subscribe" -> {
                subscriptionLog.add(
                        new SubscriptionRecord(
                                conn.id, "subscribe", tokens, System.currentTimeMillis()));
                if (json.has("custom_feature_enabled")) {
                    conn.customFeatures |= json.path("custom_feature_enabled").asBoolean(false);
                }
                List<String> added = conn.add(tokens);
                if (conn.initialDump && !tokens.isEmpty()) {
                    sendSnapshots(conn, added);
                }
            }
            case "unsubscribe" -> {
                subscriptionLog.add(
                        new SubscriptionRecord(
                                conn.id, "unsubscribe", tokens, System.currentTimeMillis()));
                conn.tokens.removeAll(tokens);
                // Re-subscribing rescues a frozen token.
                tokens.forEach(frozenTokens::remove);
            }
            default -> conn.channel.writeAndFlush(new TextWebSocketFrame("INVALID OPERATION"));
        }
    }

    // ---------------------------------------------------------------------------------------
    // CLOB REST (§4), on the event loop

    private void onRest(ChannelHandlerContext ctx, FullHttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String method = request.method().name();
        String path = uri.path();
        String body = request.content().toString(StandardCharsets.UTF_8);
        RestReply reply;
        try {
            reply = restReply(method, path, uri.parameters(), body);
        } catch (RuntimeException e) {
            reply = new RestReply(500, error(String.valueOf(e)));
        }
        restRequests.add(new RestRequest(method, path, uri.rawQuery(), body, reply.status()));
        DefaultFullHttpResponse response =
                new DefaultFullHttpResponse(
                        request.protocolVersion(),
                        HttpResponseStatus.valueOf(reply.status()),
                        Unpooled.copiedBuffer(reply.body(), StandardCharsets.UTF_8));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private record RestReply(int status, String body) {}

    private static String error(String message) {
        return JSON.createObjectNode().put("error", message).toString();
    }

    private RestReply restReply(
            String method, String path, Map<String, List<String>> query, String body) {
        if (!restAvailable) {
            return new RestReply(503, error("service unavailable"));
        }
        String token = query.getOrDefault("token_id", List.of("")).get(0);
        switch (method + " " + path) {
            case "GET /book" -> {
                if (!token.matches("[0-9]+")) {
                    return new RestReply(400, error("Invalid token id"));
                }
                FakeBook book = books.get(token);
                if (book == null) {
                    return new RestReply(
                            404, error("No orderbook exists for the requested token id"));
                }
                return new RestReply(200, restBookJson(book, clock.getAsLong()).toString());
            }
            case "POST /books" -> {
                JsonNode items = parseJson(body);
                if (items == null || !items.isArray()) {
                    return new RestReply(400, error("Invalid payload"));
                }
                if (items.size() > 500) {
                    return new RestReply(400, error("Payload exceeds the limit"));
                }
                long ts = clock.getAsLong();
                List<ObjectNode> found = new ArrayList<>();
                Set<String> seen = new HashSet<>();
                for (JsonNode item : items) {
                    String id = item.path("token_id").asText("");
                    FakeBook book = books.get(id);
                    if (book != null && seen.add(id)) {
                        found.add(restBookJson(book, ts));
                    }
                }
                // Live, the response order is not the request order.
                ArrayNode out = JSON.createArrayNode();
                for (int i = found.size() - 1; i >= 0; i--) {
                    out.add(found.get(i));
                }
                return new RestReply(200, out.toString());
            }
            case "GET /price" -> {
                FakeBook book = books.get(token);
                String side = query.getOrDefault("side", List.of("")).get(0);
                if (book == null || !(side.equals("BUY") || side.equals("SELL"))) {
                    return new RestReply(400, error("Invalid token id or side"));
                }
                BigDecimal price = side.equals("BUY") ? book.bestBid() : book.bestAsk();
                return new RestReply(
                        200, JSON.createObjectNode().put("price", plain(price)).toString());
            }
            case "GET /midpoint" -> {
                FakeBook book = books.get(token);
                if (book == null) {
                    return new RestReply(
                            404, error("No orderbook exists for the requested token id"));
                }
                return new RestReply(
                        200, JSON.createObjectNode().put("mid", plain(book.mid())).toString());
            }
            case "GET /spread" -> {
                FakeBook book = books.get(token);
                if (book == null) {
                    return new RestReply(
                            404, error("No orderbook exists for the requested token id"));
                }
                return new RestReply(
                        200,
                        JSON.createObjectNode().put("spread", plain(book.spread())).toString());
            }
            case "GET /last-trade-price" -> {
                FakeBook book = books.get(token);
                if (book == null) {
                    return new RestReply(
                            404, error("No orderbook exists for the requested token id"));
                }
                return new RestReply(200, lastTradeJson(book).toString());
            }
            case "GET /tick-size" -> {
                FakeBook book = books.get(token);
                if (book == null) {
                    return new RestReply(
                            404, error("No orderbook exists for the requested token id"));
                }
                ObjectNode out = JSON.createObjectNode();
                out.put("minimum_tick_size", book.market.tickSize);
                return new RestReply(200, out.toString());
            }
            case "POST /prices", "POST /midpoints", "POST /spreads", "POST /last-trades-prices" -> {
                JsonNode items = parseJson(body);
                if (items == null || !items.isArray()) {
                    return new RestReply(400, error("Invalid payload"));
                }
                if (items.size() > 500) {
                    return new RestReply(400, error("Payload exceeds the limit"));
                }
                return new RestReply(200, plural(path, items).toString());
            }
            case "GET /books",
                    "GET /prices",
                    "GET /midpoints",
                    "GET /spreads",
                    "GET /last-trades-prices" -> {
                // Documented, but live they always answer 400.
                return new RestReply(400, error("Invalid payload"));
            }
            default -> {
                return new RestReply(404, error("not found"));
            }
        }
    }

    private JsonNode plural(String path, JsonNode items) {
        if (path.equals("/last-trades-prices")) {
            ArrayNode out = JSON.createArrayNode();
            for (JsonNode item : items) {
                FakeBook book = books.get(item.path("token_id").asText(""));
                if (book != null) {
                    out.add(lastTradeJson(book).put("token_id", book.token));
                }
            }
            return out;
        }
        ObjectNode out = JSON.createObjectNode();
        for (JsonNode item : items) {
            FakeBook book = books.get(item.path("token_id").asText(""));
            if (book == null) {
                continue;
            }
            switch (path) {
                case "/prices" -> {
                    ObjectNode sides =
                            out.has(book.token)
                                    ? (ObjectNode) out.get(book.token)
                                    : out.putObject(book.token);
                    String side = item.path("side").asText("");
                    if (side.equals("BUY")) {
                        sides.put("BUY", plain(book.bestBid()));
                    } else {
                        // Without a side, live answers SELL only.
                        sides.put("SELL", plain(book.bestAsk()));
                    }
                }
                case "/midpoints" -> out.put(book.token, plain(book.mid()));
                default -> out.put(book.token, plain(book.spread()));
            }
        }
        return out;
    }

    private static ObjectNode lastTradeJson(FakeBook book) {
        // Market-level, in the first outcome's terms (as /book's last_trade_price).
        BigDecimal ltp = book.market.lastTradePrice;
        ObjectNode out = JSON.createObjectNode();
        out.put("price", ltp == null ? "" : ltp.toPlainString());
        out.put("side", "BUY");
        return out;
    }

    /** An {@code OrderBookSummary} in the live key order. */
    private static ObjectNode restBookJson(FakeBook book, long ts) {
        ObjectNode json = JSON.createObjectNode();
        json.put("market", book.market.conditionId);
        json.put("asset_id", book.token);
        json.put("timestamp", Long.toString(ts));
        json.put("hash", book.hash(ts));
        json.set("bids", levelsJson(book.bidsAscending()));
        json.set("asks", levelsJson(book.asksDescending()));
        json.put("min_order_size", book.market.minOrderSize);
        json.put("tick_size", book.market.tickSize.toPlainString());
        json.put("neg_risk", book.market.negRisk);
        BigDecimal ltp = book.market.lastTradePrice;
        json.put("last_trade_price", ltp == null ? "" : ltp.toPlainString());
        return json;
    }

    private static String plain(BigDecimal value) {
        return value == null ? "" : value.toPlainString();
    }

    private static JsonNode parseJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            return null;
        }
    }

    private void closeInvalid(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(new CloseWebSocketFrame(1008, "invalid subscription payload"))
                .addListener(ChannelFutureListener.CLOSE);
    }

    /** One array frame with the snapshots of the known tokens among {@code tokens}. */
    private void sendSnapshots(Conn conn, List<String> tokens) {
        if (frozen) {
            return;
        }
        long ts = clock.getAsLong();
        ArrayNode array = JSON.createArrayNode();
        List<String> capped = new ArrayList<>(conn.tokens);
        for (String token : tokens) {
            FakeBook book = books.get(token);
            if (book != null
                    && !frozenTokens.contains(token)
                    && capped.indexOf(token) < snapshotCap) {
                array.add(bookJson(book, ts, true));
            }
        }
        conn.channel.writeAndFlush(new TextWebSocketFrame(array.toString()));
    }

    private void sendData(java.util.function.Predicate<Conn> to, String text) {
        if (frozen) {
            return;
        }
        for (Conn c : conns.values()) {
            if (c.subscribed && to.test(c)) {
                outbox.computeIfAbsent(c, k -> new ArrayList<>()).add(text);
            }
        }
    }

    /**
     * Sends what one scripting call produced: one frame per event, or with {@link #arrayFrames} one
     * array frame per connection; with {@link #unknownEvents} an event of an unknown type rides
     * along.
     */
    private void flushOutbox() {
        if (outbox.isEmpty()) {
            return;
        }
        for (Map.Entry<Conn, List<String>> entry : outbox.entrySet()) {
            Conn c = entry.getKey();
            List<String> frames = entry.getValue();
            if (!c.channel.isActive()) {
                continue;
            }
            if (unknownEvents) {
                frames.add(
                        "{\"event_type\":\"settlement_preview\",\"market\":\"0x00\","
                                + "\"payload\":{\"nested\":[1,2,{\"deep\":true}]},"
                                + "\"timestamp\":\""
                                + clock.getAsLong()
                                + "\"}");
            }
            if (arrayFrames) {
                c.channel.writeAndFlush(
                        new TextWebSocketFrame("[" + String.join(",", frames) + "]"));
            } else {
                for (String frame : frames) {
                    c.channel.write(new TextWebSocketFrame(frame));
                }
                c.channel.flush();
            }
        }
        outbox.clear();
    }

    private void bestBidAskIfMoved(FakeBook book, BigDecimal bid, BigDecimal ask, long ts) {
        BigDecimal newBid = book.bestBid();
        BigDecimal newAsk = book.bestAsk();
        if (Objects.equals(bid, newBid) && Objects.equals(ask, newAsk)
                || frozenTokens.contains(book.token)) {
            return;
        }
        ObjectNode event = JSON.createObjectNode();
        event.put("event_type", "best_bid_ask");
        event.put("market", book.market.conditionId);
        event.put("asset_id", book.token);
        event.put("best_bid", newBid == null ? "0" : newBid.toPlainString());
        event.put("best_ask", newAsk == null ? "1" : newAsk.toPlainString());
        event.put(
                "spread",
                newBid == null || newAsk == null ? "1" : newAsk.subtract(newBid).toPlainString());
        event.put("timestamp", Long.toString(ts));
        sendData(c -> c.customFeatures && c.tokens.contains(book.token), event.toString());
    }

    private ObjectNode entry(FakeBook book, BigDecimal price, BigDecimal size, Side side, long ts) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("asset_id", book.token);
        entry.put("price", price.toPlainString());
        entry.put("size", size.toPlainString());
        entry.put("side", side.name());
        entry.put(
                "hash", corruptHashTokens.contains(book.token) ? book.hash(ts + 1) : book.hash(ts));
        BigDecimal bid = book.bestBid();
        BigDecimal ask = book.bestAsk();
        entry.put("best_bid", bid == null ? "0" : bid.toPlainString());
        entry.put("best_ask", ask == null ? "1" : ask.toPlainString());
        return entry;
    }

    /** A {@code book} object in the live key order; with the subscribe-only fields on request. */
    private static ObjectNode bookJson(FakeBook book, long ts, boolean subscribeSnapshot) {
        ObjectNode json = JSON.createObjectNode();
        json.put("market", book.market.conditionId);
        json.put("asset_id", book.token);
        json.put("timestamp", Long.toString(ts));
        json.put("hash", book.hash(ts));
        json.set("bids", levelsJson(book.bidsAscending()));
        json.set("asks", levelsJson(book.asksDescending()));
        if (subscribeSnapshot) {
            json.put("tick_size", book.market.tickSize.toPlainString());
        }
        json.put("event_type", "book");
        if (subscribeSnapshot) {
            BigDecimal ltp = book.market.lastTradePrice;
            json.put("last_trade_price", ltp == null ? "" : ltp.toPlainString());
        }
        return json;
    }

    private static ArrayNode levelsJson(List<PriceLevel> levels) {
        ArrayNode array = JSON.createArrayNode();
        for (PriceLevel l : levels) {
            array.addObject()
                    .put("price", l.price().toPlainString())
                    .put("size", l.size().toPlainString());
        }
        return array;
    }

    private static JsonNode parseObject(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static List<String> tokens(JsonNode json) {
        List<String> tokens = new ArrayList<>();
        json.path("assets_ids").forEach(t -> tokens.add(t.asText()));
        return tokens;
    }

    private static BigDecimal mirror(BigDecimal price) {
        return BigDecimal.ONE.subtract(price);
    }

    private FakeBook book(String token) {
        FakeBook book = books.get(token);
        if (book == null) {
            throw new IllegalArgumentException("No book for token " + token + "; add its market");
        }
        return book;
    }

    private FakeMarket market(String conditionId) {
        FakeMarket market = markets.get(conditionId);
        if (market == null) {
            throw new IllegalArgumentException("No market " + conditionId);
        }
        return market;
    }

    private <T> T call(Callable<T> task) {
        Callable<T> flushing =
                () -> {
                    try {
                        return task.call();
                    } finally {
                        flushOutbox();
                    }
                };
        try {
            return group.next()
                    .submit(flushing)
                    .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("The fake server's event loop is stuck", e);
        }
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted waiting for " + what, e);
            }
        }
    }

    // ---------------------------------------------------------------------------------------

    private static final class Conn {
        final int id;
        final Channel channel;
        final Set<String> tokens = new LinkedHashSet<>();
        boolean subscribed;
        boolean customFeatures;
        boolean initialDump = true;

        Conn(int id, Channel channel) {
            this.id = id;
            this.channel = channel;
        }

        /** Adds tokens; returns those that were new on this connection. */
        List<String> add(Collection<String> added) {
            List<String> fresh = new ArrayList<>();
            for (String token : added) {
                if (tokens.add(token)) {
                    fresh.add(token);
                }
            }
            return fresh;
        }
    }

    private static final class FakeMarket {
        final String conditionId;
        final String yes;
        final String no;
        final String minOrderSize;
        final boolean negRisk = false;
        BigDecimal tickSize = new BigDecimal("0.01");
        BigDecimal lastTradePrice; // market-level, YES terms; null = no trade yet

        FakeMarket(String conditionId, String yes, String no, String minOrderSize) {
            this.conditionId = conditionId;
            this.yes = yes;
            this.no = no;
            this.minOrderSize = minOrderSize;
        }

        String other(String token) {
            return token.equals(yes) ? no : yes;
        }

        boolean subscribedBy(Conn c) {
            return c.tokens.contains(yes) || c.tokens.contains(no);
        }
    }

    private static final class FakeBook {
        final String token;
        final FakeMarket market;
        final TreeMap<BigDecimal, PriceLevel> bids = new TreeMap<>();
        final TreeMap<BigDecimal, PriceLevel> asks = new TreeMap<>();

        FakeBook(String token, FakeMarket market) {
            this.token = token;
            this.market = market;
        }

        void set(Side side, BigDecimal price, BigDecimal size) {
            TreeMap<BigDecimal, PriceLevel> levels = side == Side.BUY ? bids : asks;
            if (size.signum() == 0) {
                levels.remove(price);
            } else {
                levels.put(price, new PriceLevel(price, size));
            }
        }

        BigDecimal bestBid() {
            return bids.isEmpty() ? null : bids.lastKey();
        }

        BigDecimal bestAsk() {
            return asks.isEmpty() ? null : asks.firstKey();
        }

        BigDecimal mid() {
            BigDecimal bid = bestBid();
            BigDecimal ask = bestAsk();
            return bid == null || ask == null ? null : bid.add(ask).divide(BigDecimal.valueOf(2));
        }

        BigDecimal spread() {
            BigDecimal bid = bestBid();
            BigDecimal ask = bestAsk();
            return bid == null || ask == null ? null : ask.subtract(bid);
        }

        List<PriceLevel> bidsAscending() {
            return List.copyOf(bids.values());
        }

        List<PriceLevel> asksDescending() {
            return List.copyOf(asks.descendingMap().values());
        }

        String hash(long ts) {
            return BookHasher.hash(
                    market.conditionId,
                    token,
                    ts,
                    bidsAscending(),
                    asksDescending(),
                    market.minOrderSize,
                    market.tickSize,
                    market.negRisk,
                    market.lastTradePrice);
        }
    }
}
