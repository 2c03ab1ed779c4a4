package dev.polystream.ws.user;

import dev.polystream.ws.auth.ApiCredentials;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;

/**
 * Polymarket's authenticated user channel (§3, §16) for any number of traders: each {@link
 * #subscribe} keeps one trader's socket alive with their own API credentials, and every socket
 * shares one small Netty event loop (one daemon thread, {@code polymarket-user-N}). Thread-safe.
 */
public final class UserChannelClient implements AutoCloseable {

    private static final AtomicInteger GROUPS = new AtomicInteger();

    private final UserChannelConfig config;
    private final EventLoopGroup group;
    private final SslContext ssl;
    private final Set<UserConnection> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public UserChannelClient(UserChannelConfig config) {
        this(config, null);
    }

    /**
     * @param sslContext for a {@code wss://} URL; null for the JDK's default trust (tests pass one
     *     that trusts a local certificate)
     */
    public UserChannelClient(UserChannelConfig config, SslContext sslContext) {
        this.config = Objects.requireNonNull(config, "config");
        boolean wss = config.url().getScheme().toLowerCase(Locale.ROOT).equals("wss");
        this.ssl = !wss ? null : sslContext != null ? sslContext : tls();
        String threadName = "polymarket-user-" + GROUPS.incrementAndGet();
        ThreadFactory threads =
                r -> {
                    Thread t = new FastThreadLocalThread(r, threadName);
                    t.setDaemon(true);
                    return t;
                };
        this.group = new MultiThreadIoEventLoopGroup(1, threads, NioIoHandler.newFactory());
    }

    /**
     * Starts one trader's subscription; events reach {@code listener} on the client's event loop.
     *
     * @param markets condition ids; empty for all of the key's markets
     */
    public UserChannelSubscription subscribe(
            ApiCredentials credentials, List<String> markets, UserChannelListener listener) {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(listener, "listener");
        if (closed) {
            throw new IllegalStateException("The user channel client is closed");
        }
        UserConnection connection =
                new UserConnection(
                        config,
                        group.next(),
                        ssl,
                        credentials,
                        markets == null ? List.of() : markets,
                        listener,
                        connections::remove);
        connections.add(connection);
        connection.start();
        return connection;
    }

    /** One TLS context for every socket (the JDK's default trust). */
    private static SslContext tls() {
        try {
            return SslContextBuilder.forClient().build();
        } catch (SSLException e) {
            throw new IllegalStateException("Cannot create the TLS context", e);
        }
    }

    /** Subscriptions neither closed nor rejected. */
    public int openSubscriptions() {
        return (int) connections.stream().filter(UserConnection::isOpen).count();
    }

    /** Closes every subscription and the event loop, within a few seconds. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List.copyOf(connections).forEach(UserConnection::close);
        // Let the close frames go out, then stop the loop.
        group.shutdownGracefully(200, 2_000, TimeUnit.MILLISECONDS).awaitUninterruptibly(3_000);
    }
}
