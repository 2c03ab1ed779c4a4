package dev.polystream.job.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystream.intent.IntentTopic;
import dev.polystream.intent.KafkaTopic;
import dev.polystream.job.config.JobOptions;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** The job's {@code kafka.topic*} keys describe the one topic helper's settings. */
class IntentSourceTest {

    @Test
    void shouldRefuseAMissingTopicUnlessCreatingIsTurnedOn() {
        KafkaTopic topic = IntentSource.topic(new Configuration());

        assertThat(topic.name()).isEqualTo("polystream.subscriptions");
        assertThat(topic.create()).isFalse();
        assertThat(topic.partitions()).isEqualTo(IntentTopic.DEFAULT_PARTITIONS);
        assertThat(topic.replicationFactor()).isEqualTo(IntentTopic.DEFAULT_REPLICATION_FACTOR);
    }

    @Test
    void shouldTakeTheConfiguredSettings() {
        Configuration conf = new Configuration();
        conf.setString("kafka.topic", "intents");
        conf.setString("kafka.topic.create", "true");
        conf.setString("kafka.topic.partitions", "6");
        conf.setString("kafka.topic.replication-factor", "3");

        KafkaTopic topic = IntentSource.topic(conf);

        assertThat(topic.name()).isEqualTo("intents");
        assertThat(topic.create()).isTrue();
        assertThat(topic.partitions()).isEqualTo(6);
        assertThat(topic.replicationFactor()).isEqualTo((short) 3);
    }

    @Test
    void shouldRefuseSettingsThatCannotMakeATopic() {
        Configuration conf = new Configuration();
        conf.set(JobOptions.KAFKA_TOPIC_REPLICATION_FACTOR, 40_000);
        assertThatThrownBy(() -> IntentSource.topic(conf))
                .hasMessageContaining("kafka.topic.replication-factor");

        Configuration none = new Configuration();
        none.set(JobOptions.KAFKA_TOPIC_PARTITIONS, 0);
        assertThatThrownBy(() -> IntentSource.topic(none)).hasMessageContaining("partitions");
    }
}
