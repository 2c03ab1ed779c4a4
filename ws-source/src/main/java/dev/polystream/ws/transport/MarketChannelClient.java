package dev.polystream.ws.transport;

import dev.polystream.ws.PriceTick;
import dev.polystream.ws.book.FeedCounters;
import dev.polystream.ws.book.MarketFeedProcessor;
import dev.polystream.ws.book.Options;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of Polymarket's market channel: shards tokens over connections of at most {@code
 * tokensPerConnection} tokens each, keeps every connection alive (heartbeat, data watchdog,
 * reconnect with back-off and jitter, re-subscription, books rebuilt from the new snapshot), and
 * delivers one {@code List<PriceTick>} per frame to the {@link MarketChannelListener}, on a Netty
 * thread.
 *
 * <p>Public methods are thread-safe. Each connection's own state lives on its event loop.
 *
 * <pre>{@code
 * try (MarketChannelClient client = new MarketChannelClient(config, ticks -> ...)) {
 *     client.start();
 *     client.subscribe(List.of(yesToken, noToken));
 *     ...
 * }
 * }</pre>
 */
public final class MarketChannelClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MarketChannelClient.class);

    /** At most one hash resync per token per this long. */
    static final Duration HASH_RESYNC_COOLDOWN = Duration.ofSeconds(30);

    final MarketChannelConfig config;
    final MarketChannelListener listener;
    final Options feedOptions;
    final Endpoint endpoint;
    final SslContext sslContext;
    private final EventLoopGroup group;
    private final boolean ownsGroup;

    final RestFallback fallback;

    // Counters shared by the connections (written on event loops, read anywhere).
    final AtomicLong ticks = new AtomicLong();
    final AtomicLongArray reconnects = new AtomicLongArray(ReconnectCause.values().length);
    final AtomicLong oversizedFrames = new AtomicLong();
    final AtomicLong snapshotRetries = new AtomicLong();
    final AtomicLong snapshotsMissing = new AtomicLong();
    final AtomicLong staleBooks = new AtomicLong();

    private volatile boolean autoRead = true;
    private final boolean restFallback;

    // Guarded by this.
    private final List<MarketConnection> connections = new ArrayList<>();

    /** Connections removed from {@link #connections} whose socket is not closed yet. */
    private final List<MarketConnection> closing = new ArrayList<>();

    /** The feed counters of connections that closed. */
    private final FeedCounters retired = new FeedCounters();

    private final Map<String, MarketConnection> assignment = new HashMap<>();
    private final Map<MarketConnection, Integer> load = new HashMap<>();
    private int nextConnectionId = 1;
    private boolean started;
    private boolean closed;

    /** A client on its own single Netty thread, with default feed options. */
    public MarketChannelClient(MarketChannelConfig config, MarketChannelListener listener) {
        this(builder(config).listener(listener));
    }

    private MarketChannelClient(Builder b) {
        if (b.listener == null) {
            throw new IllegalArgumentException(
                    "No listener is set: the client would drop every tick");
        }
        if (b.group == null && b.ioThreads < 1) {
            throw new IllegalArgumentException("ioThreads must be at least 1, got " + b.ioThreads);
        }
        this.config = b.config;
        this.listener = b.listener;
        this.endpoint = Endpoint.of(config.url());
        this.sslContext =
                !endpoint.tls() ? null : b.sslContext != null ? b.sslContext : newSslContext();
        if (b.group != null) {
            this.group = b.group;
            this.ownsGroup = false;
        } else {
            this.group =
                    new MultiThreadIoEventLoopGroup(
                            b.ioThreads,
                            new DefaultThreadFactory("polymarket-ws", true),
                            NioIoHandler.newFactory());
            this.ownsGroup = true;
        }
        this.fallback = new RestFallback(this, group.next());
        this.restFallback = b.restFallback;
        this.feedOptions =
                b.feedOptions != null
                        ? b.feedOptions
                        : new Options(
                                config.hashCheck(),
                                fallback::marketParams,
                                config.hashMismatchResync(),
                                HASH_RESYNC_COOLDOWN.toMillis());
    }

    public static Builder builder(MarketChannelConfig config) {
        return new Builder(config);
    }

    /**
     * Opens the sockets of the tokens subscribed so far. A socket exists only while it has tokens:
     * with none, nothing is opened until {@link #subscribe} brings some.
     */
    public synchronized void start() {
        checkNotClosed();
        if (started) {
            return;
        }
        started = true;
        if (restFallback) {
            fallback.start();
        }
        for (MarketConnection connection : connections) {
            connection.start();
        }
    }

    /**
     * Streams these tokens (already subscribed ones are ignored). New tokens join the first
     * connection with room; a new connection opens when all are full. On an open socket the change
     * goes out as an {@code operation} message, batched over {@code subscribeBatchDelay}.
     */
    public void subscribe(Collection<String> tokenIds) {
        Map<MarketConnection, List<String>> added = new LinkedHashMap<>();
        // Hand-offs to the event loops happen under the lock, so that they queue in the order
        // the assignments were made.
        synchronized (this) {
            checkNotClosed();
            for (String token : new LinkedHashSet<>(tokenIds)) {
                Objects.requireNonNull(token, "token id");
                if (assignment.containsKey(token)) {
                    continue;
                }
                MarketConnection connection = connectionWithRoom();
                assignment.put(token, connection);
                load.merge(connection, 1, Integer::sum);
                added.computeIfAbsent(connection, c -> new ArrayList<>()).add(token);
            }
            added.forEach(MarketConnection::addTokens);
        }
    }

    /**
     * Stops streaming these tokens (unknown ones are ignored). A connection left without tokens
     * closes its socket (close frame 1000, no reconnect); a later subscribe opens a new one.
     */
    public void unsubscribe(Collection<String> tokenIds) {
        Map<MarketConnection, List<String>> removed = new LinkedHashMap<>();
        List<MarketConnection> emptied = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            for (String token : new LinkedHashSet<>(tokenIds)) {
                MarketConnection connection = assignment.remove(token);
                if (connection == null) {
                    continue;
                }
                removed.computeIfAbsent(connection, c -> new ArrayList<>()).add(token);
                if (load.merge(connection, -1, Integer::sum) == 0) {
                    emptied.add(connection);
                }
            }
            for (MarketConnection connection : emptied) {
                connections.remove(connection);
                closing.add(connection);
                load.remove(connection);
                connection.close();
            }
            removed.forEach(MarketConnection::removeTokens);
        }
    }

    /**
     * Asks every open, healthy socket to vouch for its books that have been quiet for {@code
     * quietFor}: their {@link dev.polystream.ws.TickKind#CONFIRMATION} ticks reach the listener
     * like any other.
     */
    public synchronized void confirmLiveBooks(Duration quietFor) {
        for (MarketConnection connection : connections) {
            connection.confirmLiveBooks(quietFor.toMillis());
        }
    }

    /** Tokens currently assigned to connections (what the client is trying to stream). */
    public synchronized Set<String> subscribedTokens() {
        return Set.copyOf(assignment.keySet());
    }

    /**
     * Back-pressure: with {@code false} the sockets stop reading (TCP pushes back on the server)
     * and the liveness watchdogs pause; {@code true} resumes. Thread-safe; the last call wins.
     */
    public void setAutoRead(boolean enabled) {
        autoRead = enabled;
        List<MarketConnection> snapshot;
        synchronized (this) {
            snapshot = List.copyOf(connections);
        }
        for (MarketConnection connection : snapshot) {
            connection.applyAutoRead();
        }
    }

    /** The last value passed to {@link #setAutoRead}. */
    public boolean isAutoRead() {
        return autoRead;
    }

    /** True once every connection has applied {@code setAutoRead(false)}. */
    public boolean isReadingPaused() {
        List<MarketConnection> snapshot;
        synchronized (this) {
            snapshot = List.copyOf(connections);
        }
        return !snapshot.isEmpty() && snapshot.stream().allMatch(MarketConnection::readingPaused);
    }

    public ClientStats stats() {
        List<MarketConnection> snapshot;
        int tokens;
        FeedCounters feed = new FeedCounters();
        synchronized (this) {
            snapshot = List.copyOf(connections);
            tokens = assignment.size();
            feed.addAll(retired);
            for (MarketConnection connection : closing) {
                feed.addAll(connection.counters());
            }
        }
        int open = 0;
        int books = 0;
        for (MarketConnection connection : snapshot) {
            if (connection.state() == ConnectionState.OPEN) {
                open++;
            }
            feed.addAll(connection.counters());
            books += connection.books();
        }
        Map<ReconnectCause, Long> causes = new EnumMap<>(ReconnectCause.class);
        for (ReconnectCause cause : ReconnectCause.values()) {
            causes.put(cause, reconnects.get(cause.ordinal()));
        }
        return new ClientStats(
                snapshot.size(),
                open,
                tokens,
                ticks.get(),
                causes,
                oversizedFrames.get(),
                feed.stats(books),
                snapshotRetries.get(),
                snapshotsMissing.get(),
                fallback.checks.get(),
                staleBooks.get(),
                fallback.pollingTokens(),
                fallback.polls.get(),
                fallback.books.get(),
                fallback.ticks.get(),
                fallback.errors.get());
    }

    /** State of each connection, by connection id. */
    public synchronized Map<Integer, ConnectionState> connectionStates() {
        Map<Integer, ConnectionState> states = new LinkedHashMap<>();
        for (MarketConnection connection : connections) {
            states.put(connection.id(), connection.state());
        }
        return states;
    }

    /**
     * Closes every connection on purpose (close frame 1000, no reconnect) and, unless the event
     * loop group was supplied, shuts it down. Idempotent.
     */
    @Override
    public void close() {
        List<MarketConnection> snapshot;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            snapshot = List.copyOf(connections);
            closing.addAll(connections);
            connections.clear();
            assignment.clear();
            load.clear();
        }
        fallback.close();
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (MarketConnection connection : snapshot) {
            closing.add(connection.close());
        }
        if (!inGroup()) {
            // Let the close frames go out before the event loop shuts down (which would drop
            // the sockets first and report them as lost). Flink interrupts a cancelled task's
            // thread; the wait is short and bounded, so it ignores that and restores the flag.
            awaitUninterruptibly(
                    CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)),
                    Duration.ofSeconds(2));
        }
        if (ownsGroup) {
            var termination = group.shutdownGracefully(20, 2_000, TimeUnit.MILLISECONDS);
            if (!inGroup()) {
                termination.awaitUninterruptibly(3_000);
            }
        }
        LOG.info("Market channel client closed ({} connections)", snapshot.size());
    }

    // ---------------------------------------------------------------------------------------

    EventLoopGroup group() {
        return group;
    }

    /** Hands ticks to the listener (any event loop). */
    void deliver(List<PriceTick> out) {
        ticks.addAndGet(out.size());
        try {
            listener.onTicks(out);
        } catch (RuntimeException e) {
            LOG.warn("Market channel listener failed on {} ticks", out.size(), e);
        }
    }

    /** Tokens whose book is live, by connection ({@code down} names the others). */
    synchronized Map<MarketConnection, List<String>> liveTokens(
            java.util.function.Predicate<String> down) {
        Map<MarketConnection, List<String>> live = new LinkedHashMap<>();
        assignment.forEach(
                (token, connection) -> {
                    if (!down.test(token)) {
                        live.computeIfAbsent(connection, c -> new ArrayList<>()).add(token);
                    }
                });
        return live;
    }

    /** A connection closed for good: keep its counts. */
    synchronized void retire(MarketConnection connection) {
        if (closing.remove(connection)) {
            retired.addAll(connection.counters());
        }
    }

    private static void awaitUninterruptibly(CompletableFuture<?> future, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.debug("Not every connection closed within {}", timeout);
                    return;
                }
                try {
                    future.get(left, TimeUnit.NANOSECONDS);
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException | TimeoutException e) {
                    LOG.debug("Not every connection closed cleanly", e);
                    return;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean inGroup() {
        for (EventExecutor executor : group) {
            if (executor.inEventLoop()) {
                return true;
            }
        }
        return false;
    }

    private MarketConnection connectionWithRoom() {
        for (MarketConnection connection : connections) {
            if (load.getOrDefault(connection, 0) < config.tokensPerConnection()) {
                return connection;
            }
        }
        return newConnection();
    }

    private MarketConnection newConnection() {
        MarketConnection connection = new MarketConnection(nextConnectionId++, this, group.next());
        connections.add(connection);
        load.put(connection, 0);
        if (started) {
            connection.start();
        }
        return connection;
    }

    private void checkNotClosed() {
        if (closed) {
            throw new IllegalStateException("The market channel client is closed");
        }
    }

    private static SslContext newSslContext() {
        try {
            return SslContextBuilder.forClient().build();
        } catch (SSLException e) {
            throw new IllegalStateException("Cannot set up TLS for the market channel", e);
        }
    }

    /** Where to connect, from the configured URL. */
    record Endpoint(URI uri, String host, int port, boolean tls) {
        static Endpoint of(URI uri) {
            Objects.requireNonNull(uri, "url");
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean tls;
            if ("wss".equals(scheme)) {
                tls = true;
            } else if ("ws".equals(scheme)) {
                tls = false;
            } else {
                throw new IllegalArgumentException(
                        "The market channel URL must start with ws:// or wss://, got " + uri);
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("The market channel URL has no host: " + uri);
            }
            int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
            return new Endpoint(uri, uri.getHost(), port, tls);
        }
    }

    /** Options beyond the config record. */
    public static final class Builder {
        private final MarketChannelConfig config;
        private MarketChannelListener listener;
        private Options feedOptions;
        private int ioThreads = 1;
        private EventLoopGroup group;
        private SslContext sslContext;
        private boolean restFallback = true;

        private Builder(MarketChannelConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        public Builder listener(MarketChannelListener listener) {
            this.listener = listener;
            return this;
        }

        /**
         * How each connection's {@link MarketFeedProcessor} checks hashes (default: from the
         * config, with market parameters learned from REST books).
         */
        public Builder feedOptions(Options options) {
            this.feedOptions = options;
            return this;
        }

        /** Netty threads of the client's own group (default 1); ignored with {@link #group}. */
        public Builder ioThreads(int threads) {
            this.ioThreads = threads;
            return this;
        }

        /** Share an existing event loop group; the client then does not shut it down. */
        public Builder group(EventLoopGroup group) {
            this.group = group;
            return this;
        }

        /**
         * TLS settings for {@code wss://} (default: the JDK's trust store, hostname verified). For
         * private CAs or tests with a self-signed server.
         */
        public Builder sslContext(SslContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        /**
         * With {@code false}, tokens without a live book are not polled over REST (for a client
         * that only records the raw frames). Default true.
         */
        public Builder restFallback(boolean enabled) {
            this.restFallback = enabled;
            return this;
        }

        public MarketChannelClient build() {
            return new MarketChannelClient(this);
        }
    }
}
