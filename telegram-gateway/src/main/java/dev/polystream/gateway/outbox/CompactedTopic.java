package dev.polystream.gateway.outbox;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The relay's topic on the Kafka side: created compacted when missing, checked when present. */
final class CompactedTopic {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

    private final String topic;
    private final int topicPartitions;
    private final short topicReplicationFactor;
    private final String bootstrapServers;
    private final Map<String, String> clientProperties;
    private final Duration kafkaTimeout;

    CompactedTopic(
            String topic,
            int partitions,
            short replicationFactor,
            String bootstrapServers,
            Map<String, String> clientProperties,
            Duration kafkaTimeout) {
        this.topic = topic;
        this.topicPartitions = partitions;
        this.topicReplicationFactor = replicationFactor;
        this.bootstrapServers = bootstrapServers;
        this.clientProperties = clientProperties;
        this.kafkaTimeout = kafkaTimeout;
    }

    /**
     * Creates the topic, compacted, unless it exists; warns when an existing one is not compacted.
     */
    void ensure() throws KafkaUnavailableException {
        Admin admin = Admin.create(adminProperties());
        try {
            NewTopic newTopic =
                    new NewTopic(topic, topicPartitions, topicReplicationFactor)
                            .configs(
                                    Map.of(
                                            TopicConfig.CLEANUP_POLICY_CONFIG,
                                            TopicConfig.CLEANUP_POLICY_COMPACT));
            try {
                admin.createTopics(List.of(newTopic))
                        .all()
                        .get(kafkaTimeout.toMillis(), TimeUnit.MILLISECONDS);
                LOG.info(
                        "Created compacted topic {} ({} partition(s), replication {})",
                        topic,
                        topicPartitions,
                        topicReplicationFactor);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new KafkaUnavailableException(e.getCause());
                }
                warnUnlessCompacted(admin);
            }
        } catch (TimeoutException e) {
            throw new KafkaUnavailableException(
                    new TimeoutException("No answer within " + kafkaTimeout.toMillis() + " ms"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException(e);
        } catch (KafkaException e) {
            throw new KafkaUnavailableException(e);
        } finally {
            admin.close(Duration.ofSeconds(1));
        }
    }

    private void warnUnlessCompacted(Admin admin) throws InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config;
        try {
            config =
                    admin.describeConfigs(List.of(resource))
                            .all()
                            .get(kafkaTimeout.toMillis(), TimeUnit.MILLISECONDS)
                            .get(resource);
        } catch (ExecutionException | TimeoutException e) {
            // Only a check for a warning; publishing will tell whether Kafka works.
            LOG.debug("Could not read the configuration of topic {}: {}", topic, e.toString());
            return;
        }
        ConfigEntry policy = config == null ? null : config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
        if (policy == null || !policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
            LOG.warn(
                    "Topic {} exists with cleanup.policy={}, not compact: consumers reading it"
                            + " from the start replay every change instead of the latest counts",
                    topic,
                    policy == null ? "?" : policy.value());
        }
    }

    private Map<String, Object> adminProperties() {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "polystream-gateway-admin");
        int timeoutMs = (int) kafkaTimeout.toMillis();
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(500, timeoutMs / 2));
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        props.putIfAbsent(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 5000);
        return props;
    }
}
