package dev.polystream.job.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.polystream.embedded.LocalKafka;
import dev.polystream.intent.IntentTopic;
import dev.polystream.intent.MissingTopicException;
import dev.polystream.intent.SubscriptionIntent;
import dev.polystream.intent.SubscriptionIntentCodec;
import dev.polystream.job.PolystreamJob;
import dev.polystream.job.config.JobOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job's Kafka source of intents on a MiniCluster: it reads the writer's records, and counts the
 * malformed ones in its metric group instead of failing.
 */
class IntentSourceITCase {

    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    private static final String TOPIC = "intents.source-it";
    private static final String TOKEN =
            "71321045679252212594626385532706912750332728571942532289631379312455583992563";
    private static final Queue<SubscriptionIntent> READ = new ConcurrentLinkedQueue<>();

    private static LocalKafka kafka;

    @BeforeAll
    static void startKafka() {
        kafka = LocalKafka.start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldReadTheWritersRecordsAndCountTheMalformedOnes() throws Exception {
        IntentSource.ensureTopic(
                kafka.bootstrapServers(), IntentTopic.of(TOPIC, 1, (short) 1, true));
        SubscriptionIntent written =
                new SubscriptionIntent(
                        TOKEN, "512", 2, 1, Instant.parse("2026-11-25T14:03:04.123456Z"));
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(
                        Map.of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                                        StringSerializer.class))) {
            producer.send(new ProducerRecord<>(TOPIC, TOKEN, "not json"));
            producer.send(
                    new ProducerRecord<>(
                            TOPIC,
                            SubscriptionIntentCodec.key(written),
                            SubscriptionIntentCodec.toJson(written)));
            producer.send(new ProducerRecord<>(TOPIC, TOKEN, "{\"positions\":-1}"));
            producer.send(new ProducerRecord<>(TOPIC, TOKEN, null)).get(30, TimeUnit.SECONDS);
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromSource(
                        IntentSource.create(kafka.bootstrapServers(), TOPIC, "source-it"),
                        WatermarkStrategy.noWatermarks(),
                        "subscription intent")
                .map(
                        intent -> {
                            READ.add(intent);
                            return intent;
                        })
                .sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync("intents");
        try {
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(
                            () -> {
                                assertThat(READ)
                                        .containsExactly(
                                                written, new SubscriptionIntent(TOKEN, 0, 0));
                                assertThat(malformedCounts()).containsExactly(2L);
                            });
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldRefuseToBuildTheJobWhenTheTopicIsMissingAndCreatingIsOff() {
        Configuration conf = new Configuration();
        conf.set(JobOptions.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        conf.set(JobOptions.KAFKA_TOPIC, "intents.absent");

        assertThatThrownBy(
                        () ->
                                PolystreamJob.buildLive(
                                        StreamExecutionEnvironment.getExecutionEnvironment(), conf))
                .isInstanceOf(MissingTopicException.class)
                .hasMessageContaining("intents.absent")
                .hasMessageContaining("kafka.topic.create=true");
    }

    private static List<Long> malformedCounts() {
        List<Long> counts = new ArrayList<>();
        REPORTER.getMetricsByGroup()
                .forEach(
                        (group, metrics) ->
                                metrics.forEach(
                                        (name, metric) -> {
                                            if (name.equals(
                                                            SubscriptionIntentDeserializer
                                                                    .MALFORMED_METRIC)
                                                    && metric instanceof Counter) {
                                                counts.add(((Counter) metric).getCount());
                                            }
                                        }));
        return counts;
    }
}
