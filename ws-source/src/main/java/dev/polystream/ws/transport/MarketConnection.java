package dev.polystream.ws.transport;

import dev.polystream.ws.PriceSource;
import dev.polystream.ws.PriceTick;
import dev.polystream.ws.book.FeedCounters;
import dev.polystream.ws.book.MarketFeedProcessor;
import dev.polystream.ws.book.Observer;
import dev.polystream.ws.book.OrderBook;
import dev.polystream.ws.protocol.BookEvent;
import dev.polystream.ws.protocol.FrameKind;
import dev.polystream.ws.protocol.MarketMessageParser;
import dev.polystream.ws.protocol.MarketSubscription;
import dev.polystream.ws.protocol.PriceLevel;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logical market-channel connection: a set of tokens, and whichever socket currently serves
 * them. Every field is confined to the connection's event loop; other threads only {@code execute}
 * tasks on it.
 *
 * <p>Socket lifecycle: connect, handshake, send the initial subscription as the first frame, then
 * {@code PING} every {@code pingInterval}. A missing {@code PONG} after {@code pongTimeout}, or no
 * data for {@code dataTimeout} while tokens are subscribed, abandons the socket. Whenever a socket
 * goes (for any reason but a deliberate {@link #close()}), the books are cleared and a brand-new
 * socket is opened after an exponential back-off with jitter; its initial subscription
 * re-subscribes everything and the snapshot rebuilds the books.
 *
 * <p>Per token: a token is live once its snapshot arrived on the open socket; until then (and
 * whenever the socket is gone) the {@link RestFallback} counts it as down. A token whose snapshot
 * has not come within {@code snapshotTimeout} is unsubscribed and subscribed again (twice at most
 * per socket), and so is a token whose book hash stopped verifying.
 */
final class MarketConnection implements Observer {

    private static final Logger LOG = LoggerFactory.getLogger(MarketConnection.class);

    private static final int HANDSHAKE_RESPONSE_MAX_BYTES = 64 * 1024;

    /** Re-subscriptions per token per socket when its snapshot does not come. */
    static final int SNAPSHOT_RETRIES = 2;

    private final int id;
    private final MarketChannelClient client;
    private final MarketChannelConfig config;
    private final EventLoop loop;
    private final MarketFeedProcessor processor;

    // Confined to the event loop.
    private final Set<String> tokens = new LinkedHashSet<>();
    private Set<String> sentTokens = new HashSet<>();

    /** Tokens to unsubscribe and subscribe again at the next flush (fresh snapshot). */
    private final Set<String> resubscribe = new LinkedHashSet<>();

    /** Tokens subscribed on the open socket whose snapshot has not come, and since when. */
    private final Map<String, Long> awaitingSnapshot = new HashMap<>();

    private final Map<String, Integer> snapshotRetries = new HashMap<>();

    /** Tokens whose top differed from REST at the last cross-check, with their book's time. */
    private final Map<String, Long> suspect = new HashMap<>();

    /** Tokens subscribed by an {@code operation} message whose snapshot has not come yet. */
    private final Set<String> subscribedByOperation = new HashSet<>();

    private Channel channel;
    private boolean started;
    private boolean closed;
    private boolean paused;
    private int attempts;
    private long openedAtNanos;
    private long lastDataNanos;
    private long pingOutstandingSinceNanos;
    private String closeReason;
    private ReconnectCause closeCause;
    private io.netty.util.concurrent.ScheduledFuture<?> pingTask;
    private io.netty.util.concurrent.ScheduledFuture<?> watchdogTask;
    private io.netty.util.concurrent.ScheduledFuture<?> flushTask;
    private io.netty.util.concurrent.ScheduledFuture<?> reconnectTask;

    /** Completes once the connection is {@link ConnectionState#CLOSED}. */
    private final CompletableFuture<Void> closedFuture = new CompletableFuture<>();

    // Read from other threads.
    private volatile ConnectionState state = ConnectionState.CONNECTING;
    private volatile boolean readingPaused;
    private volatile int booksHeld;

    MarketConnection(int id, MarketChannelClient client, EventLoop loop) {
        this.id = id;
        this.client = client;
        this.config = client.config;
        this.loop = loop;
        this.processor =
                new MarketFeedProcessor(PriceSource.WS, tokens::contains, client.feedOptions, this);
    }

    int id() {
        return id;
    }

    ConnectionState state() {
        return state;
    }

    /** The processor's counters (any thread). */
    FeedCounters counters() {
        return processor.counters();
    }

    /** Books held (any thread; approximate). */
    int books() {
        return booksHeld;
    }

    /** True once a pause requested through {@link #applyAutoRead()} is in effect. */
    boolean readingPaused() {
        return readingPaused;
    }

    // ---------------------------------------------------------------------------------------
    // Commands, from any thread

    void start() {
        loop.execute(
                () -> {
                    if (!started && !closed) {
                        started = true;
                        connect();
                    }
                });
    }

    void addTokens(Collection<String> added) {
        List<String> copy = List.copyOf(added);
        loop.execute(
                () -> {
                    if (closed) {
                        return;
                    }
                    boolean wasEmpty = tokens.isEmpty();
                    for (String token : copy) {
                        if (tokens.add(token)) {
                            // No book yet: down until its snapshot comes.
                            client.fallback.down(token);
                        }
                    }
                    if (wasEmpty && !tokens.isEmpty()) {
                        // The data watchdog counts from the moment there is something to hear.
                        lastDataNanos = System.nanoTime();
                    }
                    scheduleFlush();
                });
    }

    void removeTokens(Collection<String> removed) {
        List<String> copy = List.copyOf(removed);
        loop.execute(
                () -> {
                    if (closed) {
                        copy.forEach(client.fallback::forget);
                        return;
                    }
                    tokens.removeAll(copy);
                    for (String token : copy) {
                        processor.forget(token);
                        client.fallback.forget(token);
                        resubscribe.remove(token);
                        awaitingSnapshot.remove(token);
                        subscribedByOperation.remove(token);
                        snapshotRetries.remove(token);
                        suspect.remove(token);
                    }
                    booksHeld = processor.bookTokens().size();
                    scheduleFlush();
                });
    }

    /**
     * Compares live books with REST books. A top that differs at two cross-checks in a row while
     * the live book heard nothing in between is stale (its updates stopped): the token is
     * subscribed again for a fresh snapshot. One difference alone may be an update in flight.
     */
    void crossCheck(Map<String, BookEvent> restBooks) {
        loop.execute(
                () -> {
                    if (closed || state != ConnectionState.OPEN) {
                        suspect.clear();
                        return;
                    }
                    restBooks.forEach(this::crossCheck);
                    if (!resubscribe.isEmpty()) {
                        scheduleFlush();
                    }
                });
    }

    private void crossCheck(String token, BookEvent rest) {
        OrderBook book = processor.book(token);
        if (!tokens.contains(token) || book == null || !book.snapshotSeen()) {
            suspect.remove(token);
            return;
        }
        if (sameTop(book, rest)) {
            suspect.remove(token);
            return;
        }
        Long seenAt = suspect.put(token, book.timestamp());
        if (seenAt != null && seenAt == book.timestamp()) {
            suspect.remove(token);
            resubscribe.add(token);
            client.staleBooks.incrementAndGet();
            LOG.warn(
                    "Connection {}: token {} shows {} / {} but REST {} / {} twice, with no update"
                            + " between; subscribing it again",
                    id,
                    token,
                    book.bestBid(),
                    book.bestAsk(),
                    best(rest.bids(), true),
                    best(rest.asks(), false));
        }
    }

    private static boolean sameTop(OrderBook book, BookEvent rest) {
        return same(book.bestBid(), best(rest.bids(), true))
                && same(book.bestAsk(), best(rest.asks(), false));
    }

    private static BigDecimal best(List<PriceLevel> levels, boolean highest) {
        BigDecimal best = null;
        for (PriceLevel level : levels) {
            if (level.size().signum() != 0
                    && (best == null || (level.price().compareTo(best) > 0) == highest)) {
                best = level.price();
            }
        }
        return best;
    }

    private static boolean same(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }

    /**
     * Vouches for the quiet books (no event for {@code quietForMs}) of an open socket that is
     * receiving data: each is current as of now. A socket that is reconnecting, paused, or silent
     * for more than half the data timeout vouches for nothing.
     */
    void confirmLiveBooks(long quietForMs) {
        loop.execute(
                () -> {
                    long silentNanos = System.nanoTime() - lastDataNanos;
                    if (closed
                            || state != ConnectionState.OPEN
                            || paused
                            || silentNanos > config.dataTimeout().toNanos() / 2) {
                        return;
                    }
                    long now = System.currentTimeMillis();
                    List<PriceTick> confirmations = processor.confirmations(now, now - quietForMs);
                    if (!confirmations.isEmpty()) {
                        client.deliver(confirmations);
                    }
                });
    }

    void applyAutoRead() {
        loop.execute(
                () -> {
                    boolean read = client.isAutoRead();
                    if (paused == !read) {
                        return;
                    }
                    paused = !read;
                    readingPaused = paused;
                    if (channel != null && state == ConnectionState.OPEN) {
                        channel.config().setAutoRead(read);
                    }
                    if (read) {
                        // Whatever waited in the socket buffer was not the server's fault.
                        lastDataNanos = System.nanoTime();
                        pingOutstandingSinceNanos = 0L;
                    }
                });
    }

    /**
     * Deliberate close: close frame 1000, no reconnect.
     *
     * @return completes when the socket is gone
     */
    CompletableFuture<Void> close() {
        loop.execute(
                () -> {
                    if (closed) {
                        return;
                    }
                    closed = true;
                    cancel(reconnectTask);
                    cancelSocketTasks();
                    tokens.forEach(client.fallback::forget);
                    if (channel != null && channel.isActive()) {
                        Channel ch = channel;
                        closeReason = "closed by the client";
                        ch.writeAndFlush(new CloseWebSocketFrame(1000, "client closing"))
                                .addListener(ChannelFutureListener.CLOSE);
                        // Do not wait for a stale socket to flush the close frame.
                        loop.schedule(() -> ch.close(), 1, TimeUnit.SECONDS);
                    } else {
                        if (channel != null) {
                            channel.close();
                        }
                        channel = null;
                        processor.clear();
                        booksHeld = 0;
                        transition(ConnectionState.CLOSED, "closed by the client", 0L);
                    }
                });
        return closedFuture;
    }

    // ---------------------------------------------------------------------------------------
    // Socket lifecycle, on the event loop

    private void connect() {
        reconnectTask = null;
        if (closed) {
            return;
        }
        transition(ConnectionState.CONNECTING, "connecting to " + client.endpoint.uri(), 0L);
        closeReason = null;
        closeCause = null;
        long timeoutMs = Math.max(1_000L, config.pongTimeout().toMillis());
        WebSocketClientProtocolConfig wsConfig =
                WebSocketClientProtocolConfig.newBuilder()
                        .webSocketUri(client.endpoint.uri())
                        .version(WebSocketVersion.V13)
                        .maxFramePayloadLength(config.maxFrameBytes())
                        .handleCloseFrames(false)
                        // Abandoning a stale socket must not wait on a close frame it may never
                        // flush; a deliberate close writes its close frame itself.
                        .sendCloseFrame(null)
                        .dropPongFrames(true)
                        .handshakeTimeoutMillis(timeoutMs)
                        .customHeaders(
                                new DefaultHttpHeaders()
                                        .add(HttpHeaderNames.USER_AGENT, "polystream-ws-source"))
                        .build();
        Bootstrap bootstrap =
                new Bootstrap()
                        .group(loop)
                        .channel(NioSocketChannel.class)
                        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeoutMs)
                        .option(ChannelOption.TCP_NODELAY, true)
                        .handler(
                                new ChannelInitializer<SocketChannel>() {
                                    @Override
                                    protected void initChannel(SocketChannel ch) {
                                        ChannelPipeline p = ch.pipeline();
                                        if (client.sslContext != null) {
                                            p.addLast(
                                                    client.sslContext.newHandler(
                                                            ch.alloc(),
                                                            client.endpoint.host(),
                                                            client.endpoint.port()));
                                        }
                                        p.addLast(new HttpClientCodec());
                                        p.addLast(
                                                new HttpObjectAggregator(
                                                        HANDSHAKE_RESPONSE_MAX_BYTES));
                                        p.addLast(new WebSocketClientProtocolHandler(wsConfig));
                                        p.addLast(
                                                new WebSocketFrameAggregator(
                                                        config.maxFrameBytes()));
                                        p.addLast(new MarketFrameHandler(MarketConnection.this));
                                    }
                                });
        ChannelFuture connecting =
                bootstrap.connect(client.endpoint.host(), client.endpoint.port());
        Channel ch = connecting.channel();
        channel = ch;
        // One event-loop turn later, so a failed connect has noted its cause (DNS, refused, TLS)
        // before the close is handled and logged.
        ch.closeFuture().addListener(f -> loop.execute(() -> onSocketClosed(ch)));
        connecting.addListener(
                f -> {
                    if (!f.isSuccess()) {
                        noteCloseReason(
                                ch, "connect failed: " + f.cause(), ReconnectCause.CONNECT_FAILED);
                        ch.close();
                    }
                });
    }

    /** Handshake done: the initial subscription must be the first frame on the socket. */
    void onHandshakeComplete(Channel ch) {
        if (ch != channel || closed) {
            return;
        }
        long now = System.nanoTime();
        openedAtNanos = now;
        lastDataNanos = now;
        pingOutstandingSinceNanos = 0L;
        ch.writeAndFlush(new TextWebSocketFrame(MarketSubscription.initial(tokens)));
        sentTokens = new HashSet<>(tokens);
        // The initial subscription asks for every snapshot.
        resubscribe.clear();
        awaitingSnapshot.clear();
        snapshotRetries.clear();
        for (String token : tokens) {
            awaitingSnapshot.put(token, now);
        }
        long pingMs = config.pingInterval().toMillis();
        pingTask = loop.scheduleAtFixedRate(this::ping, pingMs, pingMs, TimeUnit.MILLISECONDS);
        long checkMs = watchdogPeriodMs(config);
        watchdogTask =
                loop.scheduleAtFixedRate(this::watchdog, checkMs, checkMs, TimeUnit.MILLISECONDS);
        if (paused) {
            ch.config().setAutoRead(false);
        }
        transition(ConnectionState.OPEN, "subscribed to " + tokens.size() + " tokens", 0L);
    }

    void onText(Channel ch, String text) {
        if (ch != channel) {
            return;
        }
        long receivedAtMs = System.currentTimeMillis();
        FrameKind control = MarketMessageParser.controlFrame(text);
        if (control == FrameKind.PONG) {
            pingOutstandingSinceNanos = 0L;
        } else if (control == null) {
            lastDataNanos = System.nanoTime();
        }
        boolean refused =
                control == FrameKind.INVALID_OPERATION && !subscribedByOperation.isEmpty();
        try {
            client.listener.onRawFrame(id, text, receivedAtMs);
        } catch (RuntimeException e) {
            LOG.warn("Market channel listener failed on a raw frame", e);
        }
        List<PriceTick> ticks = processor.onFrame(text, receivedAtMs);
        if (!ticks.isEmpty()) {
            client.deliver(ticks);
        }
        if (refused && ch == channel) {
            abandon(
                    "INVALID OPERATION while "
                            + subscribedByOperation.size()
                            + " subscribed tokens"
                            + " await their snapshot",
                    ReconnectCause.SUBSCRIPTION_REFUSED);
            return;
        }
        if (!resubscribe.isEmpty()) {
            scheduleFlush();
        }
    }

    // ---------------------------------------------------------------------------------------
    // MarketFeedProcessor.Observer, called from processor.onFrame on the event loop

    @Override
    public void onSnapshot(String tokenId) {
        booksHeld = processor.bookTokens().size();
        awaitingSnapshot.remove(tokenId);
        subscribedByOperation.remove(tokenId);
        if (state == ConnectionState.OPEN) {
            client.fallback.live(tokenId);
        }
    }

    @Override
    public void onResyncNeeded(String tokenId) {
        if (tokens.contains(tokenId)) {
            resubscribe.add(tokenId);
        }
    }

    void onServerClose(Channel ch, int code, String reason) {
        noteCloseReason(
                ch,
                "server closed " + code + (reason.isEmpty() ? "" : " " + reason),
                ReconnectCause.SERVER_CLOSED);
    }

    void onOversizedFrame(Channel ch, String detail, boolean socketLost) {
        client.oversizedFrames.incrementAndGet();
        LOG.warn(
                "Connection {}: refused a frame over ws.max-frame-bytes={} ({})",
                id,
                config.maxFrameBytes(),
                detail);
        if (socketLost) {
            noteCloseReason(
                    ch,
                    "frame over " + config.maxFrameBytes() + " bytes",
                    ReconnectCause.OVERSIZED_FRAME);
        }
    }

    /** The first reason noted for a socket is the one reported when it closes. */
    void noteCloseReason(Channel ch, String reason, ReconnectCause cause) {
        if (ch == channel && closeReason == null) {
            closeReason = reason;
            closeCause = cause;
        }
    }

    private void onSocketClosed(Channel ch) {
        if (ch != channel) {
            return;
        }
        channel = null;
        cancelSocketTasks();
        sentTokens = new HashSet<>();
        resubscribe.clear();
        awaitingSnapshot.clear();
        subscribedByOperation.clear();
        suspect.clear();
        // The next socket's snapshot rebuilds everything; stale books must not price anything.
        processor.clear();
        booksHeld = 0;
        boolean wasOpen = state == ConnectionState.OPEN;
        String reason = closeReason != null ? closeReason : "connection lost";
        if (closed) {
            transition(ConnectionState.CLOSED, reason, 0L);
            return;
        }
        for (String token : tokens) {
            client.fallback.down(token);
        }
        if (wasOpen && System.nanoTime() - openedAtNanos >= healthyPeriod(config).toNanos()) {
            attempts = 0;
        }
        long delayMs = backoffMs(config, attempts++);
        ReconnectCause cause =
                closeCause != null
                        ? closeCause
                        : wasOpen ? ReconnectCause.CONNECTION_LOST : ReconnectCause.CONNECT_FAILED;
        client.reconnects.incrementAndGet(cause.ordinal());
        transition(ConnectionState.DISCONNECTED, reason, delayMs);
        reconnectTask = loop.schedule(this::connect, delayMs, TimeUnit.MILLISECONDS);
    }

    private void ping() {
        if (channel == null || state != ConnectionState.OPEN) {
            return;
        }
        channel.writeAndFlush(new TextWebSocketFrame(MarketSubscription.PING));
        if (pingOutstandingSinceNanos == 0L) {
            pingOutstandingSinceNanos = System.nanoTime();
        }
    }

    private void watchdog() {
        if (channel == null || state != ConnectionState.OPEN || paused) {
            return;
        }
        long now = System.nanoTime();
        if (pingOutstandingSinceNanos != 0L
                && now - pingOutstandingSinceNanos > config.pongTimeout().toNanos()) {
            abandon("no PONG within " + config.pongTimeout(), ReconnectCause.PONG_TIMEOUT);
        } else if (!tokens.isEmpty() && now - lastDataNanos > config.dataTimeout().toNanos()) {
            abandon(
                    "no data for " + config.dataTimeout() + " while subscribed",
                    ReconnectCause.DATA_TIMEOUT);
        } else if (!awaitingSnapshot.isEmpty()) {
            checkSnapshots(now);
        }
    }

    /**
     * Live, some subscriptions never get a first event (NT #4901); subscribing again rescues about
     * half. After {@link #SNAPSHOT_RETRIES} attempts on this socket the token is left to the REST
     * fallback until the next socket.
     */
    private void checkSnapshots(long now) {
        long timeout = config.snapshotTimeout().toNanos();
        List<String> late = new ArrayList<>();
        awaitingSnapshot.forEach(
                (token, since) -> {
                    if (now - since > timeout) {
                        late.add(token);
                    }
                });
        for (String token : late) {
            int retries = snapshotRetries.getOrDefault(token, 0);
            if (retries < SNAPSHOT_RETRIES) {
                snapshotRetries.put(token, retries + 1);
                awaitingSnapshot.put(token, now);
                resubscribe.add(token);
                client.snapshotRetries.incrementAndGet();
            } else {
                awaitingSnapshot.remove(token);
                subscribedByOperation.remove(token);
                client.snapshotsMissing.incrementAndGet();
                LOG.warn(
                        "Connection {}: no snapshot for token {} after {} subscriptions; the REST"
                                + " fallback prices it until the next socket",
                        id,
                        token,
                        retries + 1);
            }
        }
        if (!resubscribe.isEmpty()) {
            LOG.info(
                    "Connection {}: subscribing {} tokens again for want of a snapshot",
                    id,
                    late.size());
            scheduleFlush();
        }
    }

    /** Gives up on a live but unhealthy socket; a brand-new one follows. */
    private void abandon(String reason, ReconnectCause cause) {
        Channel ch = channel;
        LOG.warn("Connection {}: {}; opening a new socket", id, reason);
        noteCloseReason(ch, reason, cause);
        cancelSocketTasks();
        ch.close();
    }

    private void scheduleFlush() {
        if (state != ConnectionState.OPEN || flushTask != null) {
            return;
        }
        flushTask =
                loop.schedule(
                        this::flush,
                        config.subscribeBatchDelay().toMillis(),
                        TimeUnit.MILLISECONDS);
    }

    /**
     * Sends what changed since the last flush as {@code operation} messages: one unsubscribe, one
     * subscribe. A token to re-subscribe appears in both, unsubscribe first, so that the server
     * sends its snapshot again.
     */
    private void flush() {
        flushTask = null;
        if (channel == null || state != ConnectionState.OPEN) {
            return;
        }
        long now = System.nanoTime();
        List<String> add = new ArrayList<>();
        for (String token : tokens) {
            if (!sentTokens.contains(token)) {
                add.add(token);
                awaitingSnapshot.put(token, now);
            }
        }
        List<String> remove = new ArrayList<>();
        for (String token : sentTokens) {
            if (!tokens.contains(token)) {
                remove.add(token);
            }
        }
        for (String token : resubscribe) {
            if (sentTokens.contains(token) && tokens.contains(token)) {
                remove.add(token);
                add.add(token);
            }
        }
        resubscribe.clear();
        for (String token : remove) {
            subscribedByOperation.remove(token);
        }
        subscribedByOperation.addAll(add);
        if (!remove.isEmpty()) {
            channel.write(new TextWebSocketFrame(MarketSubscription.unsubscribe(remove)));
        }
        if (!add.isEmpty()) {
            channel.write(new TextWebSocketFrame(MarketSubscription.subscribe(add)));
        }
        channel.flush();
        sentTokens = new HashSet<>(tokens);
        LOG.debug("Connection {}: +{} -{} tokens", id, add.size(), remove.size());
    }

    private void cancelSocketTasks() {
        cancel(pingTask);
        cancel(watchdogTask);
        cancel(flushTask);
        pingTask = null;
        watchdogTask = null;
        flushTask = null;
    }

    private static void cancel(io.netty.util.concurrent.ScheduledFuture<?> task) {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void transition(ConnectionState next, String reason, long delayMs) {
        state = next;
        if (next == ConnectionState.CLOSED) {
            client.retire(this);
            closedFuture.complete(null);
        }
        ConnectionStateChange change =
                new ConnectionStateChange(id, next, reason, tokens.size(), delayMs);
        if (next == ConnectionState.DISCONNECTED) {
            LOG.warn(
                    "Connection {} lost ({}); {} tokens, reconnecting in {} ms",
                    id,
                    reason,
                    tokens.size(),
                    delayMs);
        } else {
            LOG.info("Connection {} {}: {}", id, next, reason);
        }
        try {
            client.listener.onConnectionStateChanged(change);
        } catch (RuntimeException e) {
            LOG.warn("Market channel listener failed on a state change", e);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Timing rules, static for unit tests

    /**
     * Exponential back-off with "equal jitter": half the doubled delay plus a random part of the
     * other half, never below {@code backoffInitial} nor above {@code backoffMax}.
     */
    static long backoffMs(MarketChannelConfig config, int attempt) {
        long initial = Math.max(1L, config.backoffInitial().toMillis());
        long max = Math.max(initial, config.backoffMax().toMillis());
        long base = initial << Math.min(attempt, 30);
        if (base <= 0 || base > max) {
            base = max;
        }
        long half = base / 2;
        long delay = half + ThreadLocalRandom.current().nextLong(base - half + 1);
        return Math.min(max, Math.max(initial, delay));
    }

    /** A socket that stayed open this long resets the back-off. */
    static Duration healthyPeriod(MarketChannelConfig config) {
        return config.backoffMax();
    }

    static long watchdogPeriodMs(MarketChannelConfig config) {
        long shortest =
                Math.min(
                        Math.min(
                                config.pingInterval().toMillis(),
                                config.snapshotTimeout().toMillis()),
                        Math.min(config.pongTimeout().toMillis(), config.dataTimeout().toMillis()));
        return Math.max(10L, Math.min(1_000L, shortest / 4));
    }
}
