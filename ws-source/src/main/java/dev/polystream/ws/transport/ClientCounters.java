package dev.polystream.ws.transport;

import dev.polystream.ws.book.FeedCounters;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The client's own counters, shared by its connections (written on event loops, read anywhere), and
 * how they add up with the connections' and the fallback's to one {@link ClientStats}.
 */
final class ClientCounters {

    final AtomicLong ticks = new AtomicLong();
    final AtomicLongArray reconnects = new AtomicLongArray(ReconnectCause.values().length);
    final AtomicLong oversizedFrames = new AtomicLong();
    final AtomicLong snapshotRetries = new AtomicLong();
    final AtomicLong snapshotsMissing = new AtomicLong();
    final AtomicLong staleBooks = new AtomicLong();

    /**
     * @param connections the live connections
     * @param tokens tokens assigned to them
     * @param feed the feed counters of connections that closed or are closing
     */
    ClientStats stats(
            List<MarketConnection> connections,
            int tokens,
            FeedCounters feed,
            RestFallback fallback) {
        int open = 0;
        int books = 0;
        for (MarketConnection connection : connections) {
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
                connections.size(),
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
}
