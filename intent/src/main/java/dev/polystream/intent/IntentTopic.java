package dev.polystream.intent;

import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The subscription-intent topic's definition: compacted (the last record per token is the truth),
 * with the partitions and replication factor of its {@code kafka.topic*} keys. Both the gateway's
 * relay and the job build it with {@link #of} and call {@link KafkaTopic#ensure}, the one creation
 * logic of the project's topics.
 */
public final class IntentTopic {

    /** Key of the topic name (job and gateway). */
    public static final String NAME_KEY = "kafka.topic";

    /** Key of the partition count used when creating the topic (job and gateway). */
    public static final String PARTITIONS_KEY = "kafka.topic.partitions";

    /**
     * Key of the replication factor used when creating the topic (job and gateway; the job's bars
     * topic takes it too).
     */
    public static final String REPLICATION_FACTOR_KEY = "kafka.topic.replication-factor";

    /**
     * Key that allows creating a missing topic ({@code local} and tests set it; the job's bars
     * topic follows it too).
     */
    public static final String CREATE_KEY = "kafka.topic.create";

    public static final int DEFAULT_PARTITIONS = 1;
    public static final short DEFAULT_REPLICATION_FACTOR = 1;

    /** The topic's settings beyond partitions and replication. */
    public static final Map<String, String> CONFIGS =
            Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);

    /** The keys a missing topic's message names. */
    public static final KafkaTopic.Keys KEYS =
            new KafkaTopic.Keys(NAME_KEY, PARTITIONS_KEY, REPLICATION_FACTOR_KEY, CREATE_KEY);

    private IntentTopic() {}

    /**
     * The subscription-intent topic: compacted, with these settings.
     *
     * @param create whether a missing topic may be created; false refuses to start without it
     * @throws IllegalArgumentException a name, partition count or replication factor that cannot
     *     make a topic
     */
    public static KafkaTopic of(
            String name, int partitions, short replicationFactor, boolean create) {
        return new KafkaTopic(name, partitions, replicationFactor, create, CONFIGS, KEYS);
    }
}
