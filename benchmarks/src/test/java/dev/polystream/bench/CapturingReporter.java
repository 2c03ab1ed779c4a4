package dev.polystream.bench;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A metric reporter that keeps the job's metric objects in this JVM, so the benchmark reads the
 * same counters and histograms Prometheus would scrape. Configure with {@code
 * metrics.reporter.capture.factory.class}.
 */
public final class CapturingReporter implements MetricReporter {

    private static final Map<String, Metric> METRICS = new ConcurrentHashMap<>();

    /** The factory Flink instantiates. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new CapturingReporter();
        }
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        METRICS.put(group.getMetricIdentifier(name), metric);
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        METRICS.remove(group.getMetricIdentifier(name), metric);
    }

    static void clear() {
        METRICS.clear();
    }

    /** Sum of every counter (or numeric gauge) whose identifier ends with {@code suffix}. */
    static long sum(String suffix) {
        long total = 0;
        for (Map.Entry<String, Metric> e : METRICS.entrySet()) {
            if (e.getKey().endsWith(suffix)) {
                Metric m = e.getValue();
                if (m instanceof Counter c) {
                    total += c.getCount();
                } else if (m instanceof Gauge<?> g && g.getValue() instanceof Number n) {
                    total += n.longValue();
                }
            }
        }
        return total;
    }

    /** Every histogram whose identifier ends with {@code suffix} (one per subtask). */
    static java.util.List<Histogram> histograms(String suffix) {
        java.util.List<Histogram> found = new java.util.ArrayList<>();
        for (Map.Entry<String, Metric> e : METRICS.entrySet()) {
            if (e.getKey().endsWith(suffix) && e.getValue() instanceof Histogram h) {
                found.add(h);
            }
        }
        return found;
    }
}
