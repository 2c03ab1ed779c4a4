package dev.polystream.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystream.embedded.LocalKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The one topic helper against a real broker, for the compacted intent topic and a plain one:
 * create, refuse, accept an existing topic.
 */
class IntentTopicITCase {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
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

    private static Map<String, Object> admin() {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    }

    @Test
    void shouldCreateAMissingTopicCompactedWithTheConfiguredPartitions() throws Exception {
        IntentTopic.of("intents.created", 3, (short) 1, true).ensure(admin(), TIMEOUT);
        // A second call finds it and leaves it alone.
        IntentTopic.of("intents.created", 3, (short) 1, true).ensure(admin(), TIMEOUT);

        try (Admin admin = Admin.create(admin())) {
            TopicDescription topic =
                    admin.describeTopics(List.of("intents.created"))
                            .allTopicNames()
                            .get(10, TimeUnit.SECONDS)
                            .get("intents.created");
            assertThat(topic.partitions()).hasSize(3);
            ConfigResource resource =
                    new ConfigResource(ConfigResource.Type.TOPIC, "intents.created");
            String policy =
                    admin.describeConfigs(List.of(resource))
                            .all()
                            .get(10, TimeUnit.SECONDS)
                            .get(resource)
                            .get(TopicConfig.CLEANUP_POLICY_CONFIG)
                            .value();
            assertThat(policy).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }

    @Test
    void shouldCreateAPlainTopicAndRefuseItMissingNamingItsKeys() throws Exception {
        KafkaTopic.Keys keys =
                new KafkaTopic.Keys(
                        "bars.topic",
                        "bars.topic.partitions",
                        "kafka.topic.replication-factor",
                        "kafka.topic.create");
        new KafkaTopic("plain.created", 2, (short) 1, true, Map.of(), keys)
                .ensure(admin(), TIMEOUT);

        try (Admin admin = Admin.create(admin())) {
            assertThat(
                            admin.describeTopics(List.of("plain.created"))
                                    .allTopicNames()
                                    .get(10, TimeUnit.SECONDS)
                                    .get("plain.created")
                                    .partitions())
                    .hasSize(2);
            ConfigResource resource =
                    new ConfigResource(ConfigResource.Type.TOPIC, "plain.created");
            assertThat(
                            admin.describeConfigs(List.of(resource))
                                    .all()
                                    .get(10, TimeUnit.SECONDS)
                                    .get(resource)
                                    .get(TopicConfig.CLEANUP_POLICY_CONFIG)
                                    .value())
                    .doesNotContain(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
        KafkaTopic missing = new KafkaTopic("plain.missing", 4, (short) 1, false, Map.of(), keys);
        assertThat(missing.compacted()).isFalse();
        assertThatThrownBy(() -> missing.ensure(admin(), TIMEOUT))
                .isInstanceOf(MissingTopicException.class)
                .hasMessageContaining("plain.missing (bars.topic)")
                .hasMessageContaining("kafka.topic.create=true")
                .hasMessageContaining("bars.topic.partitions=4")
                .hasMessageContaining("kafka.topic.replication-factor=1")
                .hasMessageNotContaining("compact")
                .hasMessageNotContaining("\n");
    }

    @Test
    void shouldRefuseAMissingTopicWhenCreatingIsNotAllowed() {
        KafkaTopic topic = IntentTopic.of("intents.missing", 2, (short) 1, false);

        assertThatThrownBy(() -> topic.ensure(admin(), TIMEOUT))
                .isInstanceOf(MissingTopicException.class)
                .hasMessageContaining("intents.missing")
                .hasMessageContaining("kafka.topic.create=true")
                .hasMessageContaining("kafka.topic.partitions=2")
                .hasMessageNotContaining("\n");
    }

    @Test
    void shouldAcceptAnExistingTopicWithoutCreating() {
        kafka.createTopic("intents.existing", 1, true);

        IntentTopic.of("intents.existing", 1, (short) 1, false).ensure(admin(), TIMEOUT);
    }

    @Test
    void shouldReportAnUnreachableBrokerAsAKafkaFailure() {
        KafkaTopic topic = IntentTopic.of("intents.nowhere", 1, (short) 1, true);

        assertThatThrownBy(
                        () ->
                                topic.ensure(
                                        Map.of(
                                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                                "127.0.0.1:1"),
                                        Duration.ofSeconds(1)))
                .isInstanceOf(KafkaException.class);
    }

    @Test
    void shouldRefuseSettingsThatCannotMakeATopic() {
        assertThatThrownBy(() -> IntentTopic.of("bad topic", 1, (short) 1, true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IntentTopic.of("t", 0, (short) 1, true))
                .hasMessageContaining("partitions");
        assertThatThrownBy(() -> IntentTopic.of("t", 1, (short) 0, true))
                .hasMessageContaining("replication");
        assertThat(IntentTopic.of("t", 1, (short) 1, true).newTopic().configs())
                .containsEntry(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    }
}
