package dev.polystream.job.intent;

import dev.polystream.ws.flink.SubscriptionIntent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Kafka source of subscription intent. */
public final class IntentSource {

    private static final Logger LOG = LoggerFactory.getLogger(IntentSource.class);

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

    /**
     * Creates the topic (compacted) when it does not exist yet, so that the job can start before
     * the gateway ever published. Failing to reach Kafka is only logged: the source retries.
     */
    public static void ensureTopic(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        try (Admin admin = Admin.create(props)) {
            NewTopic newTopic =
                    new NewTopic(topic, 1, (short) 1)
                            .configs(
                                    Map.of(
                                            TopicConfig.CLEANUP_POLICY_CONFIG,
                                            TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(newTopic)).all().get(20, TimeUnit.SECONDS);
            LOG.info("Created subscription-intent topic {}", topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                LOG.warn("Could not create topic {}: {}", topic, e.getCause().toString());
            }
        } catch (TimeoutException e) {
            LOG.warn(
                    "Kafka at {} did not answer within {}; not creating topic {}",
                    bootstrapServers,
                    Duration.ofSeconds(20),
                    topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
