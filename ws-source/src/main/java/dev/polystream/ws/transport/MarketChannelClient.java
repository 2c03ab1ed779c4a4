package dev.polystream.ws.transport;

import dev.polystream.ws.PriceTick;
import dev.polystream.ws.book.MarketFeedProcessor;
import dev.polystream.ws.book.Options;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
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

    final ClientCounters counters = new ClientCounters();
    private final ConnectionPool pool;

    private volatile boolean autoRead = true;
    private final boolean restFallback;

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
        this.pool =
                new ConnectionPool(
                        this,
                        group,
                        config.tokensPerConnection(),
                        new ConnectPacer(config.connectInterval()));
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
    public void start() {
        if (pool.start() && restFallback) {
            fallback.start();
        }
    }

    /**
     * Streams these tokens (already subscribed ones are ignored). New tokens join the first
     * connection with room; a new connection opens when all are full. On an open socket the change
     * goes out as an {@code operation} message, batched over {@code subscribeBatchDelay}.
     */
    public void subscribe(Collection<String> tokenIds) {
        pool.subscribe(tokenIds);
    }

    /**
     * Stops streaming these tokens (unknown ones are ignored). A connection left without tokens
     * closes its socket (close frame 1000, no reconnect); a later subscribe opens a new one.
     */
    public void unsubscribe(Collection<String> tokenIds) {
        pool.unsubscribe(tokenIds);
    }

    /**
     * Asks every open, healthy socket to vouch for its books that have been quiet for {@code
     * quietFor}: their {@link dev.polystream.ws.TickKind#CONFIRMATION} ticks reach the listener
     * like any other.
     */
    public void confirmLiveBooks(Duration quietFor) {
        for (MarketConnection connection : pool.connections()) {
            connection.confirmLiveBooks(quietFor.toMillis());
        }
    }

    /** Tokens currently assigned to connections (what the client is trying to stream). */
    public Set<String> subscribedTokens() {
        return pool.tokens();
    }

    /**
     * Back-pressure: with {@code false} the sockets stop reading (TCP pushes back on the server)
     * and the liveness watchdogs pause; {@code true} resumes. Thread-safe; the last call wins.
     */
    public void setAutoRead(boolean enabled) {
        autoRead = enabled;
        for (MarketConnection connection : pool.connections()) {
            connection.applyAutoRead();
        }
    }

    /** The last value passed to {@link #setAutoRead}. */
    public boolean isAutoRead() {
        return autoRead;
    }

    /** True once every connection has applied {@code setAutoRead(false)}. */
    public boolean isReadingPaused() {
        List<MarketConnection> snapshot = pool.connections();
        return !snapshot.isEmpty() && snapshot.stream().allMatch(MarketConnection::readingPaused);
    }

    public ClientStats stats() {
        return pool.stats(counters, fallback);
    }

    /** State of each connection, by connection id. */
    public Map<Integer, ConnectionState> connectionStates() {
        return pool.states();
    }

    /**
     * Closes every connection on purpose (close frame 1000, no reconnect) and, unless the event
     * loop group was supplied, shuts it down. Idempotent.
     */
    @Override
    public void close() {
        List<CompletableFuture<Void>> closing = pool.close();
        if (closing == null) {
            return;
        }
        fallback.close();
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
        LOG.info("Market channel client closed ({} connections)", closing.size());
    }

    // ---------------------------------------------------------------------------------------

    EventLoopGroup group() {
        return group;
    }

    /** Hands ticks to the listener (any event loop). */
    void deliver(List<PriceTick> out) {
        counters.ticks.addAndGet(out.size());
        try {
            listener.onTicks(out);
        } catch (RuntimeException e) {
            LOG.warn("Market channel listener failed on {} ticks", out.size(), e);
        }
    }

    /** Tokens whose book is live, by connection ({@code down} names the others). */
    Map<MarketConnection, List<String>> liveTokens(Predicate<String> down) {
        return pool.liveTokens(down);
    }

    /** A connection closed for good: keep its counts. */
    void retire(MarketConnection connection) {
        pool.retire(connection);
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

    private static SslContext newSslContext() {
        try {
            return SslContextBuilder.forClient().build();
        } catch (SSLException e) {
            throw new IllegalStateException("Cannot set up TLS for the market channel", e);
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
