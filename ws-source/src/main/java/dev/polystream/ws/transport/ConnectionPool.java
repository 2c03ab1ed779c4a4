package dev.polystream.ws.transport;

import dev.polystream.ws.book.FeedCounters;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The client's connections and which token each one streams: new tokens join the first connection
 * with room ({@code tokensPerConnection}), a new connection opens when all are full, and a
 * connection left without tokens closes. New sockets open at the {@link ConnectPacer}'s pace. Keeps
 * the counts of closed connections. Thread-safe (the pool's monitor); hand-offs to the event loops
 * happen under it, so that they queue in the order the assignments were made.
 */
final class ConnectionPool {

    private final MarketChannelClient client;
    private final EventLoopGroup group;
    private final int tokensPerConnection;
    private final ConnectPacer pacer;

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

    ConnectionPool(MarketChannelClient client, EventLoopGroup group, int tokensPerConnection) {
        this(client, group, tokensPerConnection, new ConnectPacer(java.time.Duration.ZERO));
    }

    ConnectionPool(
            MarketChannelClient client,
            EventLoopGroup group,
            int tokensPerConnection,
            ConnectPacer pacer) {
        this.client = client;
        this.group = group;
        this.tokensPerConnection = tokensPerConnection;
        this.pacer = pacer;
    }

    /**
     * @return false if it had started already
     */
    synchronized boolean start() {
        checkNotClosed();
        if (started) {
            return false;
        }
        started = true;
        for (MarketConnection connection : connections) {
            open(connection);
        }
        return true;
    }

    synchronized void subscribe(Collection<String> tokenIds) {
        checkNotClosed();
        Map<MarketConnection, List<String>> added = new LinkedHashMap<>();
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

    synchronized void unsubscribe(Collection<String> tokenIds) {
        if (closed) {
            return;
        }
        Map<MarketConnection, List<String>> removed = new LinkedHashMap<>();
        List<MarketConnection> emptied = new ArrayList<>();
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

    /** The live connections now. */
    synchronized List<MarketConnection> connections() {
        return List.copyOf(connections);
    }

    synchronized Set<String> tokens() {
        return Set.copyOf(assignment.keySet());
    }

    /** Counters of the connections now, summed with those of closed and closing ones. */
    synchronized ClientStats stats(ClientCounters counters, RestFallback fallback) {
        FeedCounters feed = new FeedCounters();
        feed.addAll(retired);
        for (MarketConnection connection : closing) {
            feed.addAll(connection.counters());
        }
        return counters.stats(List.copyOf(connections), assignment.size(), feed, fallback);
    }

    /** State of each connection, by connection id. */
    synchronized Map<Integer, ConnectionState> states() {
        Map<Integer, ConnectionState> states = new LinkedHashMap<>();
        for (MarketConnection connection : connections) {
            states.put(connection.id(), connection.state());
        }
        return states;
    }

    /** Tokens whose book is live, by connection ({@code down} names the others). */
    synchronized Map<MarketConnection, List<String>> liveTokens(Predicate<String> down) {
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

    /**
     * Closes every connection on purpose (idempotent).
     *
     * @return one future per connection, completing when its socket is gone; null if the pool was
     *     closed already
     */
    List<CompletableFuture<Void>> close() {
        List<MarketConnection> snapshot;
        synchronized (this) {
            if (closed) {
                return null;
            }
            closed = true;
            snapshot = List.copyOf(connections);
            closing.addAll(connections);
            connections.clear();
            assignment.clear();
            load.clear();
        }
        List<CompletableFuture<Void>> closed = new ArrayList<>();
        for (MarketConnection connection : snapshot) {
            closed.add(connection.close());
        }
        return closed;
    }

    private MarketConnection connectionWithRoom() {
        for (MarketConnection connection : connections) {
            if (load.getOrDefault(connection, 0) < tokensPerConnection) {
                return connection;
            }
        }
        MarketConnection connection =
                new MarketConnection(nextConnectionId++, client, group.next());
        connections.add(connection);
        load.put(connection, 0);
        if (started) {
            open(connection);
        }
        return connection;
    }

    /** Starts a new connection's socket when the {@link ConnectPacer} allows. */
    private void open(MarketConnection connection) {
        long delayMs = pacer.delayMs();
        if (delayMs <= 0) {
            connection.start();
        } else {
            connection.loop.schedule(connection::start, delayMs, TimeUnit.MILLISECONDS);
        }
    }

    private void checkNotClosed() {
        if (closed) {
            throw new IllegalStateException("The market channel client is closed");
        }
    }
}
