package dev.polystream.intent;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * A project topic on the Kafka side, the one place that decides how a topic is created or required:
 * its name, partitions, replication factor and settings ({@code cleanup.policy} and the like), and
 * whether a missing one may be created. {@link #ensure} creates a missing topic when creating is
 * allowed and refuses it otherwise with a one-line {@link MissingTopicException} naming the keys to
 * set; an existing topic that should be compacted and is not gets a warning. The
 * subscription-intent topic is {@link IntentTopic#of}; the job's bars topic is another. Needs
 * kafka-clients on the classpath (the job and the gateway have it).
 */
public final class KafkaTopic {

    /**
     * The configuration keys behind a topic's settings, named when a missing topic is refused.
     *
     * @param name the key holding the topic name
     * @param partitions the key of the partition count used when creating it
     * @param replicationFactor the key of the replication factor used when creating it
     * @param create the key that allows creating a missing topic
     */
    public record Keys(String name, String partitions, String replicationFactor, String create) {
        public Keys {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(partitions, "partitions");
            Objects.requireNonNull(replicationFactor, "replicationFactor");
            Objects.requireNonNull(create, "create");
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(KafkaTopic.class);

    private final String name;
    private final int partitions;
    private final short replicationFactor;
    private final boolean create;
    private final Map<String, String> configs;
    private final Keys keys;

    /**
     * @param create whether a missing topic may be created; false refuses to start without it
     * @param configs the topic's settings beyond partitions and replication, applied on creation
     * @param keys the configuration keys behind these settings, for the "missing topic" message
     */
    public KafkaTopic(
            String name,
            int partitions,
            short replicationFactor,
            boolean create,
            Map<String, String> configs,
            Keys keys) {
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
        this.configs = Map.copyOf(configs);
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * A configured replication factor as a topic takes it.
     *
     * @throws IllegalArgumentException the value is outside 1..32767, with the key in the message
     */
    public static short replicationFactor(String key, int configured) {
        if (configured < 1 || configured > Short.MAX_VALUE) {
            throw new IllegalArgumentException(
                    key + " must be between 1 and " + Short.MAX_VALUE + ", got " + configured);
        }
        return (short) configured;
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

    /** The topic's settings beyond partitions and replication. */
    public Map<String, String> configs() {
        return configs;
    }

    public Keys keys() {
        return keys;
    }

    /** Whether the topic is meant to be compacted ({@code cleanup.policy} includes compact). */
    public boolean compacted() {
        String policy = configs.get(TopicConfig.CLEANUP_POLICY_CONFIG);
        return policy != null && policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT);
    }

    /** The topic as it is created: its settings, the configured partitions and replication. */
    public NewTopic newTopic() {
        return new NewTopic(name, partitions, replicationFactor).configs(configs);
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
                    "Created {}topic {} ({} partition(s), replication {})",
                    compacted() ? "compacted " : "",
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
                                + " ("
                                + keys.name()
                                + ") does not exist: create it"
                                + (compacted() ? " compacted" : "")
                                + ", or set "
                                + keys.create()
                                + "=true to create it with "
                                + keys.partitions()
                                + "="
                                + partitions
                                + " and "
                                + keys.replicationFactor()
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

    /** For a topic meant to be compacted, a warning when the existing one is not. */
    private void warnUnlessCompacted(Admin admin, Duration timeout) throws InterruptedException {
        if (!compacted()) {
            return;
        }
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
                            + " from the start replay every change instead of the latest record"
                            + " per key",
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
