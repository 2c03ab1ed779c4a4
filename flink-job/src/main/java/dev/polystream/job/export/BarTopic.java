package dev.polystream.job.export;

import dev.polystream.job.bar.PriceBar;
import dev.polystream.job.config.JobOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional Kafka topic of bars ({@code bars.topic}, off by default), for data teams feeding a
 * lakehouse or another store: every bar with activity (a row of {@code price_bars_1s}) as a record
 * keyed by token id, at least once (a consumer keeps the last record per token and second).
 */
public final class BarTopic {

    private static final Logger LOG = LoggerFactory.getLogger(BarTopic.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);

    private BarTopic() {}

    /** Adds the Kafka sink of bars when {@code bars.topic} is set; otherwise nothing. */
    public static void attach(DataStream<PriceBar> bars, ReadableConfig conf) {
        String topic = conf.getOptional(JobOptions.BARS_TOPIC).orElse("");
        if (topic.isBlank()) {
            return;
        }
        String bootstrap = conf.get(JobOptions.KAFKA_BOOTSTRAP_SERVERS);
        ensure(
                bootstrap,
                topic,
                conf.get(JobOptions.BARS_TOPIC_PARTITIONS),
                conf.get(JobOptions.KAFKA_TOPIC_REPLICATION_FACTOR).shortValue(),
                conf.get(JobOptions.KAFKA_TOPIC_CREATE));
        KafkaSink<PriceBar> sink =
                KafkaSink.<PriceBar>builder()
                        .setBootstrapServers(bootstrap)
                        .setRecordSerializer(new BarRecords(topic))
                        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                        .setProperty("compression.type", "lz4")
                        .setProperty("linger.ms", "20")
                        .build();
        bars.filter(PriceBar::hasActivity)
                .name("bars with activity")
                .uid("bar-topic-filter")
                .sinkTo(sink)
                .name("bars topic " + topic)
                .uid("bar-topic");
    }

    /**
     * Makes sure the topic exists: created (plain retention, not compacted: every second is a
     * record) when {@code kafka.topic.create} allows it, else refused with what to do. Kafka not
     * answering is only logged: the sink keeps retrying.
     *
     * @throws IllegalStateException the topic is missing and may not be created
     */
    static void ensure(
            String bootstrap, String topic, int partitions, short replication, boolean create) {
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrap,
                                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                                (int) ADMIN_TIMEOUT.toMillis() / 2,
                                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                                (int) ADMIN_TIMEOUT.toMillis()))) {
            long timeoutMs = ADMIN_TIMEOUT.toMillis();
            if (create) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, partitions, replication)))
                            .all()
                            .get(timeoutMs, TimeUnit.MILLISECONDS);
                    LOG.info(
                            "Created bars topic {} ({} partitions, replication {})",
                            topic,
                            partitions,
                            replication);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            } else {
                try {
                    admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get(timeoutMs, TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                        throw new IllegalStateException(
                                "Kafka topic "
                                        + topic
                                        + " (bars.topic) does not exist: create it, or set"
                                        + " kafka.topic.create=true to create it with"
                                        + " bars.topic.partitions="
                                        + partitions);
                    }
                    throw e;
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn(
                    "Could not check bars topic {} at {} ({}); the sink keeps trying",
                    topic,
                    bootstrap,
                    e.getCause() == null ? e.toString() : e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking bars topic " + topic, e);
        }
    }
}
