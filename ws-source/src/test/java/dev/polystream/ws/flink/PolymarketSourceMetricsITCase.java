package dev.polystream.ws.flink;

import static dev.polystream.ws.testing.FakePolymarketServer.levels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.polystream.intent.SubscriptionIntent;
import dev.polystream.ws.PriceTick;
import dev.polystream.ws.testing.CollectingSink;
import dev.polystream.ws.testing.FakePolymarketServer;
import dev.polystream.ws.testing.QueueSource;
import dev.polystream.ws.transport.MarketChannelConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client's counters as Flink metrics of the source operator (group {@code polymarket}), read
 * through a metric reporter of a real MiniCluster.
 */
class PolymarketSourceMetricsITCase {

    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String MARKET = "0x" + "34".repeat(32);
    private static final String YES = "6660001";
    private static final String NO = "6660002";

    @Test
    void shouldExposeConnectionsEventsErrorsReconnectsAndTickAge() throws Exception {
        try (FakePolymarketServer server = FakePolymarketServer.start()) {
            server.addBinaryMarket(MARKET, YES, NO, levels("0.20", "5"), levels("0.24", "5"));
            Configuration conf = new Configuration();
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(conf);
            QueueSource<SubscriptionIntent> intents = QueueSource.create(SubscriptionIntent.class);
            CollectingSink<PriceTick> sink = new CollectingSink<>();
            MarketChannelConfig config =
                    MarketChannelConfig.defaults(server.wsUrl())
                            .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500));
            PolymarketSource.fromIntents(
                            env.fromSource(intents, WatermarkStrategy.noWatermarks(), "intents")
                                    .setParallelism(1),
                            config,
                            Set.of(YES),
                            1)
                    .sinkTo(sink)
                    .setParallelism(1);
            JobClient job = env.executeAsync("polymarket-source-metrics");
            try {
                await().atMost(WAIT).until(() -> !sink.values().isEmpty());
                server.sendRaw("{\"event_type\":\"book\"");
                server.sendRaw("{\"event_type\":\"settlement_preview\"}");
                server.dropAll(1006);
                await().atMost(WAIT).until(() -> sink.values().size() >= 2);

                await().atMost(WAIT)
                        .untilAsserted(
                                () -> {
                                    Map<String, Long> values = values(job);
                                    assertThat(values)
                                            .containsEntry("openConnections", 1L)
                                            .containsEntry("subscribedTokens", 1L)
                                            .containsEntry("events.book", 2L)
                                            .containsEntry("events.unknown", 1L)
                                            .containsEntry("parseErrors.invalid_json", 1L)
                                            .containsEntry("parseErrors.missing_field", 0L)
                                            .containsEntry("reconnects.connection_lost", 1L)
                                            .containsEntry("reconnects.pong_timeout", 0L)
                                            .containsEntry("hashMismatches", 0L)
                                            .containsEntry("fallbackPolls", 0L);
                                });
                Histogram tickAge = (Histogram) metric(job, "tickAgeMs").orElseThrow();
                assertThat(tickAge.getCount()).isGreaterThanOrEqualTo(2);
                // Counts that only grow are counters; current values gauges.
                assertThat(metric(job, "events.book")).containsInstanceOf(Counter.class);
                assertThat(metric(job, "reconnects.connection_lost"))
                        .containsInstanceOf(Counter.class);
                assertThat(metric(job, "openConnections")).containsInstanceOf(Gauge.class);
                // Flink's standard names (FLIP-33), on the operator's own group.
                Map<String, Metric> standard = operatorMetrics();
                assertThat(((Counter) standard.get("numRecordsInErrors")).getCount())
                        .isGreaterThanOrEqualTo(1L);
                assertThat(standard.get("currentFetchEventTimeLag")).isInstanceOf(Gauge.class);
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
                server.awaitConnections(0, WAIT);
            }
        }
    }

    /** The {@code polymarket} group's metrics, by name below the group. */
    private static Map<String, Metric> metrics() {
        Map<String, Metric> out = new java.util.TreeMap<>();
        REPORTER.getMetricsByGroup()
                .forEach(
                        (group, metrics) ->
                                metrics.forEach(
                                        (name, metric) -> {
                                            String id = group.getMetricIdentifier(name);
                                            int at = id.indexOf(".polymarket.");
                                            if (at >= 0) {
                                                out.put(
                                                        id.substring(at + ".polymarket.".length()),
                                                        metric);
                                            }
                                        }));
        return out;
    }

    /** The values of the numeric gauges and the counters among {@link #metrics()}. */
    private static Map<String, Long> values(JobClient job) {
        Map<String, Long> out = new java.util.TreeMap<>();
        metrics()
                .forEach(
                        (name, metric) -> {
                            if (metric instanceof Gauge<?> gauge
                                    && gauge.getValue() instanceof Number number) {
                                out.put(name, number.longValue());
                            } else if (metric instanceof Counter counter) {
                                out.put(name, counter.getCount());
                            }
                        });
        return out;
    }

    /** The metrics of the Polymarket source operator's own group, by name. */
    private static Map<String, Metric> operatorMetrics() {
        Map<String, Metric> out = new java.util.TreeMap<>();
        REPORTER.getMetricsByGroup()
                .forEach(
                        (group, metrics) -> {
                            String id = group.getMetricIdentifier("x");
                            if (id.contains("Polymarket") && !id.contains(".polymarket.")) {
                                out.putAll(metrics);
                            }
                        });
        return out;
    }

    private static Optional<Metric> metric(JobClient job, String name) {
        return Optional.ofNullable(metrics().get(name));
    }
}
