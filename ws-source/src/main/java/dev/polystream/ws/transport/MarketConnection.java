package dev.polystream.ws.transport;

import dev.polystream.ws.PriceSource;
import dev.polystream.ws.PriceTick;
import dev.polystream.ws.book.FeedCounters;
import dev.polystream.ws.book.MarketFeedProcessor;
import dev.polystream.ws.book.Observer;
import dev.polystream.ws.protocol.BookEvent;
import dev.polystream.ws.protocol.NewMarketEvent;
import dev.polystream.ws.resilience.FailureStreak;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logical market-channel connection: a set of tokens, and whichever {@link WebSocketSession}
 * currently serves them; the exchange protocol on top of a generic socket. Every field is confined
 * to the connection's event loop; other threads only {@code execute} tasks on it.
 *
 * <p>Socket lifecycle: connect, handshake, send the initial subscription as the first frame, then
 * {@code PING} every {@code pingInterval}. A missing {@code PONG} after {@code pongTimeout}, or no
 * data for {@code dataTimeout} while tokens are subscribed ({@link Liveness}), abandons the socket.
 * Whenever a socket goes (for any reason but a deliberate {@link #close()}), the books are cleared
 * and a brand-new socket is opened after the {@link FailureStreak}'s back-off; its initial
 * subscription re-subscribes everything and the snapshot rebuilds the books ({@link
 * ConnectionReporter} logs the outage once).
 *
 * <p>Per token: a token is live once its snapshot arrived on the open socket; until then (and
 * whenever the socket is gone) the {@link RestFallback} counts it as down. Late snapshots ({@link
 * SnapshotWatchdog}), stale books ({@link StaleBookCheck}) and hash mismatches subscribe a token
 * again ({@link Subscriptions}).
 */
final class MarketConnection implements Observer, WebSocketSession.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(MarketConnection.class);

    private final int id;
    final MarketChannelClient client;
    final MarketChannelConfig config;
    final EventLoop loop;
    private final MarketFeedProcessor processor;

    // Confined to the event loop (the package-private ones shared with OpenSocket).
    final Subscriptions subscriptions = new Subscriptions();
    final SnapshotWatchdog snapshots;
    final Liveness liveness;
    private final StaleBookCheck staleBooks;
    private final FailureStreak failures;
    private final ConnectionReporter reporter;
    private WebSocketSession session;
    private OpenSocket open;
    private boolean started;
    private boolean closed;
    private boolean paused;
    private ScheduledFuture<?> reconnectTask;

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
                new MarketFeedProcessor(
                        PriceSource.WS, subscriptions::contains, client.feedOptions, this);
        this.snapshots = new SnapshotWatchdog(config);
        this.staleBooks = new StaleBookCheck(id);
        this.liveness = new Liveness(config);
        this.failures =
                new FailureStreak(
                        ConnectionTiming.backoff(config), ConnectionTiming.healthyPeriod(config));
        this.reporter = new ConnectionReporter(id, client.listener);
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

    /** Whether reading is paused (event loop). */
    boolean paused() {
        return paused;
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
                    boolean wasEmpty = subscriptions.isEmpty();
                    for (String token : copy) {
                        if (subscriptions.add(token)) {
                            // No book yet: down until its snapshot comes.
                            client.fallback.down(token);
                        }
                    }
                    if (wasEmpty && !subscriptions.isEmpty()) {
                        // The data watchdog counts from the moment there is something to hear.
                        liveness.data(System.nanoTime());
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
                    for (String token : copy) {
                        subscriptions.remove(token);
                        processor.forget(token);
                        client.fallback.forget(token);
                        snapshots.forget(token);
                        staleBooks.forget(token);
                    }
                    booksHeld = processor.bookTokens().size();
                    scheduleFlush();
                });
    }

    /** Compares live books with REST books ({@link StaleBookCheck}); stale ones resubscribe. */
    void crossCheck(Map<String, BookEvent> restBooks) {
        loop.execute(
                () -> {
                    if (closed || state != ConnectionState.OPEN) {
                        staleBooks.clear();
                        return;
                    }
                    restBooks.forEach(
                            (token, rest) -> {
                                boolean streamed = subscriptions.contains(token);
                                if (staleBooks.stale(
                                        token, streamed ? processor.book(token) : null, rest)) {
                                    subscriptions.resubscribe(token);
                                    client.counters.staleBooks.incrementAndGet();
                                }
                            });
                    if (subscriptions.resubscribePending()) {
                        scheduleFlush();
                    }
                });
    }

    /**
     * Vouches for the quiet books (no event for {@code quietForMs}) of an open socket that is
     * receiving data: each is current as of now. A socket that is reconnecting, paused, or silent
     * for more than half the data timeout vouches for nothing.
     */
    void confirmLiveBooks(long quietForMs) {
        loop.execute(
                () -> {
                    long silentNanos = liveness.silentNanos(System.nanoTime());
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
                    if (open != null) {
                        open.setAutoRead(read);
                    }
                    if (read) {
                        // Whatever waited in the socket buffer was not the server's fault.
                        liveness.restart(System.nanoTime());
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
                    if (open != null) {
                        open.stop();
                    }
                    subscriptions.tokens().forEach(client.fallback::forget);
                    if (session != null && session.isActive()) {
                        session.closeGracefully("closed by the client");
                    } else {
                        if (session != null) {
                            session.discard();
                        }
                        session = null;
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
        session =
                WebSocketSession.open(
                        client.endpoint,
                        client.sslContext,
                        config.maxFrameBytes(),
                        ConnectionTiming.connectTimeoutMs(config),
                        loop,
                        this);
    }

    /** Handshake done: the initial subscription must be the first frame on the socket. */
    @Override
    public void onOpen(WebSocketSession s) {
        if (s != session || closed) {
            return;
        }
        failures.succeeded();
        open = new OpenSocket(this, s);
        open.start(paused);
        transition(ConnectionState.OPEN, "subscribed to " + subscriptions.size() + " tokens", 0L);
    }

    @Override
    public void onText(WebSocketSession s, byte[] utf8, int length) {
        if (s == session && open != null) {
            open.onFrame(utf8, length);
        }
    }

    /** Hands a frame to the listener as it came, then to the feed processor (event loop). */
    List<PriceTick> onFrame(byte[] utf8, int length, long receivedAtMs) {
        reporter.rawFrame(id, utf8, length, receivedAtMs);
        return processor.onFrame(utf8, length, receivedAtMs);
    }

    @Override
    public void onOversizedFrame(WebSocketSession s, String detail, boolean socketLost) {
        client.counters.oversizedFrames.incrementAndGet();
        LOG.warn(
                "Connection {}: refused a frame over ws.max-frame-bytes={} ({})",
                id,
                config.maxFrameBytes(),
                detail);
    }

    @Override
    public void onClosed(WebSocketSession s) {
        if (s != session) {
            return;
        }
        session = null;
        if (open != null) {
            open.stop();
            open = null;
        }
        subscriptions.socketLost();
        snapshots.socketLost();
        staleBooks.clear();
        // The next socket's snapshot rebuilds everything; stale books must not price anything.
        processor.clear();
        booksHeld = 0;
        boolean wasOpen = state == ConnectionState.OPEN;
        String reason = s.closeReason() != null ? s.closeReason() : "connection lost";
        if (closed) {
            transition(ConnectionState.CLOSED, reason, 0L);
            return;
        }
        for (String token : subscriptions.tokens()) {
            client.fallback.down(token);
        }
        long delayMs = failures.failed().toMillis();
        ReconnectCause cause =
                s.closeCause() != null
                        ? s.closeCause()
                        : wasOpen ? ReconnectCause.CONNECTION_LOST : ReconnectCause.CONNECT_FAILED;
        client.counters.reconnects.incrementAndGet(cause.ordinal());
        transition(ConnectionState.DISCONNECTED, reason, delayMs);
        reconnectTask = loop.schedule(this::connect, delayMs, TimeUnit.MILLISECONDS);
    }

    // Observer, called from processor.onFrame on the event loop

    @Override
    public void onSnapshot(String tokenId) {
        booksHeld = processor.bookTokens().size();
        snapshots.arrived(tokenId);
        subscriptions.settled(tokenId);
        if (state == ConnectionState.OPEN) {
            client.fallback.live(tokenId);
        }
    }

    @Override
    public void onResyncNeeded(String tokenId) {
        subscriptions.resubscribe(tokenId);
    }

    @Override
    public void onNewMarket(NewMarketEvent announced) {
        reporter.newMarket(announced);
    }

    private void scheduleFlush() {
        if (open != null) {
            open.scheduleFlush();
        }
    }

    private static void cancel(ScheduledFuture<?> task) {
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
        reporter.report(new ConnectionStateChange(id, next, reason, subscriptions.size(), delayMs));
    }
}
