package dev.polystream.ws.transport;

import dev.polystream.ws.book.FeedStats;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A snapshot of a {@link MarketChannelClient}'s counters, safe to read from any thread. Counters
 * never decrease for the life of the client (a closed connection's counts are kept).
 *
 * @param connections logical connections (each holds at most {@code tokensPerConnection} tokens)
 * @param openConnections connections whose socket is open now
 * @param subscribedTokens tokens assigned to connections
 * @param ticks ticks delivered to the listener (live and polled)
 * @param reconnectsByCause sockets opened to replace a lost or failed one, by cause
 * @param oversizedFrames frames refused for exceeding {@code maxFrameBytes} (fragmented ones cost
 *     no socket, so this can exceed the {@code OVERSIZED_FRAME} reconnects)
 * @param feed the feed processors' counters, summed: frames, events by type, parse errors by kind,
 *     hash checks, ...
 * @param snapshotRetries tokens subscribed again because their snapshot did not arrive in time
 * @param snapshotsMissing tokens given up on after the retries (the REST fallback covers them)
 * @param restChecks {@code POST /books} requests of the cross-check of live books
 * @param staleBooks live books found stale by the cross-check (subscribed again)
 * @param fallbackTokens tokens polled over REST now
 * @param fallbackPolls {@code POST /books} requests sent
 * @param fallbackBooks books received by the polls
 * @param fallbackTicks ticks produced from polled books
 * @param fallbackErrors failed polls
 */
public record ClientStats(
        int connections,
        int openConnections,
        int subscribedTokens,
        long ticks,
        Map<ReconnectCause, Long> reconnectsByCause,
        long oversizedFrames,
        FeedStats feed,
        long snapshotRetries,
        long snapshotsMissing,
        long restChecks,
        long staleBooks,
        int fallbackTokens,
        long fallbackPolls,
        long fallbackBooks,
        long fallbackTicks,
        long fallbackErrors) {

    public ClientStats {
        EnumMap<ReconnectCause, Long> causes = new EnumMap<>(ReconnectCause.class);
        for (ReconnectCause cause : ReconnectCause.values()) {
            causes.put(cause, reconnectsByCause.getOrDefault(cause, 0L));
        }
        reconnectsByCause = Collections.unmodifiableMap(causes);
    }

    /** Text frames received. */
    public long frames() {
        return feed.frames();
    }

    /** Frames carrying JSON market data. */
    public long dataFrames() {
        return feed.dataFrames();
    }

    /** Unreadable input found in frames (see {@code feed().parseErrorsByKind()}). */
    public long parseErrors() {
        return feed.parseErrors();
    }

    /** Sockets opened to replace a lost or failed one, all causes. */
    public long reconnects() {
        long sum = 0;
        for (long count : reconnectsByCause.values()) {
            sum += count;
        }
        return sum;
    }

    public long reconnects(ReconnectCause cause) {
        return reconnectsByCause.get(cause);
    }

    /** Sockets abandoned for want of a {@code PONG}. */
    public long pongTimeouts() {
        return reconnects(ReconnectCause.PONG_TIMEOUT);
    }

    /** Sockets abandoned for want of data while subscribed. */
    public long dataTimeouts() {
        return reconnects(ReconnectCause.DATA_TIMEOUT);
    }

    /** Book hash mismatches (a hint). */
    public long hashMismatches() {
        return feed.hashMismatches();
    }
}
