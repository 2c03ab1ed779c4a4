package dev.polystream.ws.flink;

import dev.polystream.ws.PriceTick;
import dev.polystream.ws.protocol.EventType;
import dev.polystream.ws.protocol.ParseErrorKind;
import dev.polystream.ws.transport.ClientStats;
import dev.polystream.ws.transport.ReconnectCause;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.metrics.MetricNames;

/**
 * The source operator's metrics, registered the way Flink's connectors do: counts that only grow
 * are {@link Counter}s, current values {@link Gauge}s, all read from one client snapshot per
 * reporting pass ({@link CachedStats}) instead of one locked snapshot per metric read. Under the
 * operator's group {@code polymarket}; Flink's standard names (FLIP-33) where they exist, on the
 * operator's own group: {@code numRecordsInErrors} (unreadable frames) and {@code
 * currentFetchEventTimeLag} (receive time minus exchange time of the last live tick).
 */
final class SourceMetrics {

    /** Snapshots younger than this are reused: one per reporting pass over every metric. */
    private static final long SNAPSHOT_TTL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    /** Ticks emitted downstream. */
    final Counter ticksEmitted;

    /** Receive time minus exchange time of live ticks (last 1024). */
    final Histogram tickAgeMs;

    private final CachedStats stats;
    private volatile long fetchEventTimeLagMs;

    SourceMetrics(
            MetricGroup operatorGroup, Supplier<ClientStats> client, AtomicInteger pendingFrames) {
        this.stats = new CachedStats(client);
        MetricGroup group = operatorGroup.addGroup("polymarket");
        ticksEmitted = group.counter("ticksEmitted");
        gauge(group, "connections", ClientStats::connections);
        gauge(group, "openConnections", ClientStats::openConnections);
        gauge(group, "subscribedTokens", ClientStats::subscribedTokens);
        counter(group, "frames", ClientStats::frames);
        counter(group, "ticks", ClientStats::ticks);
        counter(group, "parseErrors", ClientStats::parseErrors);
        counter(group, "reconnects", ClientStats::reconnects);
        counter(group, "pongTimeouts", ClientStats::pongTimeouts);
        counter(group, "dataTimeouts", ClientStats::dataTimeouts);
        counter(group, "oversizedFrames", ClientStats::oversizedFrames);
        group.gauge("pendingFrames", (Gauge<Integer>) () -> pendingFrames.get());
        // Issue 3: the client's finer counters.
        tickAgeMs = group.histogram("tickAgeMs", new DescriptiveStatisticsHistogram(1024));
        counter(group, "hashMismatches", ClientStats::hashMismatches);
        counter(group, "hashResyncs", s -> s.feed().hashResyncs());
        counter(group, "snapshotRetries", ClientStats::snapshotRetries);
        counter(group, "snapshotsMissing", ClientStats::snapshotsMissing);
        counter(group, "restChecks", ClientStats::restChecks);
        counter(group, "staleBooks", ClientStats::staleBooks);
        gauge(group, "fallbackTokens", ClientStats::fallbackTokens);
        counter(group, "fallbackPolls", ClientStats::fallbackPolls);
        counter(group, "fallbackTicks", ClientStats::fallbackTicks);
        counter(group, "fallbackErrors", ClientStats::fallbackErrors);
        MetricGroup events = group.addGroup("events");
        for (EventType type : EventType.values()) {
            counter(events, type.wireName(), s -> s.feed().events(type.wireName()));
        }
        MetricGroup errors = group.addGroup("parseErrors");
        for (ParseErrorKind kind : ParseErrorKind.values()) {
            counter(errors, kind.name().toLowerCase(Locale.ROOT), s -> s.feed().parseErrors(kind));
        }
        MetricGroup causes = group.addGroup("reconnects");
        for (ReconnectCause cause : ReconnectCause.values()) {
            counter(causes, cause.metricName(), s -> s.reconnects(cause));
        }
        // Flink's standard source metrics (FLIP-33).
        counter(operatorGroup, MetricNames.NUM_RECORDS_IN_ERRORS, ClientStats::parseErrors);
        operatorGroup.gauge(
                MetricNames.CURRENT_FETCH_EVENT_TIME_LAG, (Gauge<Long>) () -> fetchEventTimeLagMs);
    }

    /** A live tick is emitted (task thread). */
    void liveTick(PriceTick tick) {
        long lag = tick.receivedAtMs() - tick.exchangeTimeMs();
        tickAgeMs.update(lag);
        fetchEventTimeLagMs = lag;
    }

    private void gauge(MetricGroup group, String name, ToLongFunction<ClientStats> metric) {
        group.gauge(name, (Gauge<Long>) () -> metric.applyAsLong(stats.get()));
    }

    private void counter(MetricGroup group, String name, ToLongFunction<ClientStats> metric) {
        group.counter(name, new ClientCounter(stats, metric));
    }

    /** The client's snapshot, taken at most once per {@link #SNAPSHOT_TTL_NANOS}. */
    private static final class CachedStats implements Supplier<ClientStats> {
        private final Supplier<ClientStats> client;
        private ClientStats last;
        private long takenAt;

        CachedStats(Supplier<ClientStats> client) {
            this.client = client;
        }

        @Override
        public synchronized ClientStats get() {
            long now = System.nanoTime();
            if (last == null || now - takenAt >= SNAPSHOT_TTL_NANOS) {
                last = client.get();
                takenAt = now;
            }
            return last;
        }
    }

    /** A count the client keeps (it never decreases), read as a Flink counter; read-only. */
    private static final class ClientCounter implements Counter {
        private final Supplier<ClientStats> stats;
        private final ToLongFunction<ClientStats> metric;

        ClientCounter(Supplier<ClientStats> stats, ToLongFunction<ClientStats> metric) {
            this.stats = stats;
            this.metric = metric;
        }

        @Override
        public long getCount() {
            return metric.applyAsLong(stats.get());
        }

        @Override
        public void inc() {
            throw new UnsupportedOperationException("The client keeps this count");
        }

        @Override
        public void inc(long n) {
            throw new UnsupportedOperationException("The client keeps this count");
        }

        @Override
        public void dec() {
            throw new UnsupportedOperationException("The client keeps this count");
        }

        @Override
        public void dec(long n) {
            throw new UnsupportedOperationException("The client keeps this count");
        }
    }
}
