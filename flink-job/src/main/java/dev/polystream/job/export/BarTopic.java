package dev.polystream.job.export;

import dev.polystream.intent.KafkaTopic;
import dev.polystream.intent.MissingTopicException;
import dev.polystream.job.bar.PriceBar;
import dev.polystream.job.config.JobOptions;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
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

    /** The keys a missing bars topic's message names. */
    private static final KafkaTopic.Keys KEYS =
            new KafkaTopic.Keys(
                    JobOptions.BARS_TOPIC.key(),
                    JobOptions.BARS_TOPIC_PARTITIONS.key(),
                    JobOptions.KAFKA_TOPIC_REPLICATION_FACTOR.key(),
                    JobOptions.KAFKA_TOPIC_CREATE.key());

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
                KafkaTopic.replicationFactor(
                        JobOptions.KAFKA_TOPIC_REPLICATION_FACTOR.key(),
                        conf.get(JobOptions.KAFKA_TOPIC_REPLICATION_FACTOR)),
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
     * Makes sure the topic exists through the project's one topic helper ({@link KafkaTopic}):
     * plain retention, not compacted (every second is a record), created when {@code
     * kafka.topic.create} allows it, else refused with what to do. Kafka not answering is only
     * logged: the sink keeps retrying.
     *
     * @throws MissingTopicException the topic is missing and may not be created
     */
    static void ensure(
            String bootstrap, String topic, int partitions, short replication, boolean create) {
        try {
            new KafkaTopic(topic, partitions, replication, create, Map.of(), KEYS)
                    .ensure(
                            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                            ADMIN_TIMEOUT);
        } catch (InterruptException e) {
            // Interrupted while building the job: stop, do not carry on as if Kafka were away.
            throw e;
        } catch (KafkaException e) {
            LOG.warn(
                    "Could not check bars topic {} at {} ({}); the sink keeps trying",
                    topic,
                    bootstrap,
                    e.toString());
        }
    }
}
