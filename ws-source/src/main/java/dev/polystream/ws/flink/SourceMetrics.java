package dev.polystream.ws.flink;

import dev.polystream.ws.protocol.EventType;
import dev.polystream.ws.protocol.ParseErrorKind;
import dev.polystream.ws.transport.ClientStats;
import dev.polystream.ws.transport.ReconnectCause;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The source operator's metrics under its group {@code polymarket}: the operator's own (ticks
 * emitted, tick age, pending frames) and gauges over the market-channel client's counters.
 */
final class SourceMetrics {

    /** Ticks emitted downstream. */
    final Counter ticksEmitted;

    /** Receive time minus exchange time of live ticks (last 1024). */
    final Histogram tickAgeMs;

    private final Supplier<ClientStats> stats;

    SourceMetrics(MetricGroup group, Supplier<ClientStats> stats, AtomicInteger pendingFrames) {
        this.stats = stats;
        ticksEmitted = group.counter("ticksEmitted");
        gauge(group, "connections", ClientStats::connections);
        gauge(group, "openConnections", ClientStats::openConnections);
        gauge(group, "subscribedTokens", ClientStats::subscribedTokens);
        gauge(group, "frames", ClientStats::frames);
        gauge(group, "ticks", ClientStats::ticks);
        gauge(group, "parseErrors", ClientStats::parseErrors);
        gauge(group, "reconnects", ClientStats::reconnects);
        gauge(group, "pongTimeouts", ClientStats::pongTimeouts);
        gauge(group, "dataTimeouts", ClientStats::dataTimeouts);
        gauge(group, "oversizedFrames", ClientStats::oversizedFrames);
        group.gauge("pendingFrames", (Gauge<Integer>) () -> pendingFrames.get());
        // Issue 3: the client's finer counters.
        tickAgeMs = group.histogram("tickAgeMs", new DescriptiveStatisticsHistogram(1024));
        gauge(group, "hashMismatches", ClientStats::hashMismatches);
        gauge(group, "hashResyncs", s -> s.feed().hashResyncs());
        gauge(group, "snapshotRetries", ClientStats::snapshotRetries);
        gauge(group, "snapshotsMissing", ClientStats::snapshotsMissing);
        gauge(group, "restChecks", ClientStats::restChecks);
        gauge(group, "staleBooks", ClientStats::staleBooks);
        gauge(group, "fallbackTokens", ClientStats::fallbackTokens);
        gauge(group, "fallbackPolls", ClientStats::fallbackPolls);
        gauge(group, "fallbackTicks", ClientStats::fallbackTicks);
        gauge(group, "fallbackErrors", ClientStats::fallbackErrors);
        MetricGroup events = group.addGroup("events");
        for (EventType type : EventType.values()) {
            gauge(events, type.wireName(), s -> s.feed().events(type.wireName()));
        }
        MetricGroup errors = group.addGroup("parseErrors");
        for (ParseErrorKind kind : ParseErrorKind.values()) {
            gauge(errors, kind.name().toLowerCase(Locale.ROOT), s -> s.feed().parseErrors(kind));
        }
        MetricGroup causes = group.addGroup("reconnects");
        for (ReconnectCause cause : ReconnectCause.values()) {
            gauge(causes, cause.metricName(), s -> s.reconnects(cause));
        }
    }

    private void gauge(MetricGroup group, String name, ToLongFunction<ClientStats> metric) {
        group.gauge(name, (Gauge<Long>) () -> metric.applyAsLong(stats.get()));
    }
}
