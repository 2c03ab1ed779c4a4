package dev.polystream.job.intent;

import dev.polystream.intent.IntentTopic;
import dev.polystream.intent.KafkaTopic;
import dev.polystream.intent.MissingTopicException;
import dev.polystream.intent.SubscriptionIntent;
import dev.polystream.job.config.JobOptions;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Kafka source of subscription intent, and the check that its topic exists. */
public final class IntentSource {

    private static final Logger LOG = LoggerFactory.getLogger(IntentSource.class);

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(15);

    private IntentSource() {}

    /**
     * Reads the topic from the earliest offset on a cold start: the compacted topic holds the last
     * count of every token, so the whole subscription set is rebuilt from it. After a restore the
     * offsets come from the checkpoint.
     */
    public static KafkaSource<SubscriptionIntent> create(
            String bootstrapServers, String topic, String groupId) {
        return KafkaSource.<SubscriptionIntent>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new SubscriptionIntentDeserializer())
                .setProperty("partition.discovery.interval.ms", "30000")
                .setProperty("commit.offsets.on.checkpoint", "true")
                .build();
    }

    /** The topic as the job's {@code kafka.topic*} keys describe it. */
    public static KafkaTopic topic(ReadableConfig conf) {
        return IntentTopic.of(
                conf.get(JobOptions.KAFKA_TOPIC),
                conf.get(JobOptions.KAFKA_TOPIC_PARTITIONS),
                KafkaTopic.replicationFactor(
                        JobOptions.KAFKA_TOPIC_REPLICATION_FACTOR.key(),
                        conf.get(JobOptions.KAFKA_TOPIC_REPLICATION_FACTOR)),
                conf.get(JobOptions.KAFKA_TOPIC_CREATE));
    }

    /**
     * Makes sure the topic exists before the job starts: created with the configured settings when
     * {@code kafka.topic.create} is on, so that the job can start before the gateway ever
     * published. Failing to reach Kafka is only logged: the source retries.
     *
     * @throws MissingTopicException the topic is missing and creating it is off
     */
    public static void ensureTopic(String bootstrapServers, KafkaTopic topic) {
        try {
            topic.ensure(
                    Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                    ADMIN_TIMEOUT);
        } catch (KafkaException e) {
            LOG.warn(
                    "Could not check topic {} at {} ({}); the source keeps trying",
                    topic.name(),
                    bootstrapServers,
                    e.toString());
        }
    }
}
