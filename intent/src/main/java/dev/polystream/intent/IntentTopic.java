package dev.polystream.intent;

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
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscription-intent topic on the Kafka side, the one place that decides how it is created:
 * compacted (the last record per token is the truth), with the configured partitions and
 * replication factor. Both the gateway's relay and the job call {@link #ensure}: a missing topic is
 * created when creating is allowed and refused with a clear message otherwise; an existing one is
 * checked for compaction. Needs kafka-clients on the classpath (the job and the gateway have it).
 */
public final class IntentTopic {

    /** Key of the partition count used when creating the topic (job and gateway). */
    public static final String PARTITIONS_KEY = "kafka.topic.partitions";

    /** Key of the replication factor used when creating the topic (job and gateway). */
    public static final String REPLICATION_FACTOR_KEY = "kafka.topic.replication-factor";

    /** Key that allows creating a missing topic ({@code local} and tests set it). */
    public static final String CREATE_KEY = "kafka.topic.create";

    public static final int DEFAULT_PARTITIONS = 1;
    public static final short DEFAULT_REPLICATION_FACTOR = 1;

    /** The topic's settings beyond partitions and replication. */
    public static final Map<String, String> CONFIGS =
            Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);

    private static final Logger LOG = LoggerFactory.getLogger(IntentTopic.class);

    private final String name;
    private final int partitions;
    private final short replicationFactor;
    private final boolean create;

    /**
     * @param create whether a missing topic may be created; false refuses to start without it
     */
    public IntentTopic(String name, int partitions, short replicationFactor, boolean create) {
        if (name == null || !name.matches("[a-zA-Z0-9._-]{1,249}")) {
            throw new IllegalArgumentException(
                    "A Kafka topic name has 1-249 letters, digits, '.', '_' or '-', got '"
                            + name
                            + "'");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException(
                    "Topic partitions must be at least 1, got " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException(
                    "Topic replication factor must be at least 1, got " + replicationFactor);
        }
        this.name = name;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        this.create = create;
    }

    public String name() {
        return name;
    }

    public int partitions() {
        return partitions;
    }

    public short replicationFactor() {
        return replicationFactor;
    }

    public boolean create() {
        return create;
    }

    /** The topic as it is created: compacted, with the configured partitions and replication. */
    public NewTopic newTopic() {
        return new NewTopic(name, partitions, replicationFactor).configs(CONFIGS);
    }

    /**
     * Makes sure the topic exists, with an admin client built from {@code adminProperties} (the
     * bootstrap servers and any security settings) and answers awaited for at most {@code timeout}.
     *
     * @throws MissingTopicException the topic is missing and creating it is not allowed
     * @throws KafkaException Kafka did not answer in time or failed (retriable by the caller)
     */
    public void ensure(Map<String, ?> adminProperties, Duration timeout) {
        Map<String, Object> props = new HashMap<>(adminProperties);
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        props.putIfAbsent(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(500, timeoutMs / 2));
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        props.putIfAbsent(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 5000);
        Admin admin = Admin.create(props);
        try {
            ensure(admin, timeout);
        } finally {
            admin.close(Duration.ofSeconds(1));
        }
    }

    /** {@link #ensure(Map, Duration)} with the caller's admin client. */
    public void ensure(Admin admin, Duration timeout) {
        try {
            if (create) {
                createUnlessExists(admin, timeout);
            } else {
                requireExisting(admin, timeout);
            }
        } catch (TimeoutException e) {
            throw new org.apache.kafka.common.errors.TimeoutException(
                    "Kafka did not answer within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        }
    }

    private void createUnlessExists(Admin admin, Duration timeout)
            throws TimeoutException, InterruptedException {
        try {
            admin.createTopics(List.of(newTopic()))
                    .all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info(
                    "Created compacted topic {} ({} partition(s), replication {})",
                    name,
                    partitions,
                    replicationFactor);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw kafkaFailure(e);
            }
            warnUnlessCompacted(admin, timeout);
        }
    }

    private void requireExisting(Admin admin, Duration timeout)
            throws TimeoutException, InterruptedException {
        try {
            admin.describeTopics(List.of(name))
                    .allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new MissingTopicException(
                        "Kafka topic "
                                + name
                                + " does not exist: create it compacted, or set "
                                + CREATE_KEY
                                + "=true to create it with "
                                + PARTITIONS_KEY
                                + "="
                                + partitions
                                + " and "
                                + REPLICATION_FACTOR_KEY
                                + "="
                                + replicationFactor);
            }
            throw kafkaFailure(e);
        }
        warnUnlessCompacted(admin, timeout);
    }

    private static KafkaException kafkaFailure(ExecutionException e) {
        return e.getCause() instanceof KafkaException
                ? (KafkaException) e.getCause()
                : new KafkaException(e.getCause());
    }

    private void warnUnlessCompacted(Admin admin, Duration timeout) throws InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        Config config;
        try {
            config =
                    admin.describeConfigs(List.of(resource))
                            .all()
                            .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                            .get(resource);
        } catch (ExecutionException | TimeoutException e) {
            // Only a check for a warning; publishing and reading will tell whether Kafka works.
            LOG.debug("Could not read the configuration of topic {}: {}", name, e.toString());
            return;
        }
        ConfigEntry policy = config == null ? null : config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
        if (policy == null || !policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
            LOG.warn(
                    "Topic {} exists with cleanup.policy={}, not compact: consumers reading it"
                            + " from the start replay every change instead of the latest counts",
                    name,
                    policy == null ? "?" : policy.value());
        }
    }

    @Override
    public String toString() {
        return name
                + " ("
                + partitions
                + " partition(s), replication "
                + replicationFactor
                + (create ? ", created if missing)" : ", must exist)");
    }
}
