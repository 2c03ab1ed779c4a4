package dev.polystream.job.universe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystream.intent.SubscriptionIntent;
import dev.polystream.job.PolystreamJob;
import dev.polystream.job.config.JobOptions;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/** The wiring of the universe option: one intent path, Kafka left out only when asked. */
class UniverseIntentsTest {

    @Test
    void shouldLeaveTheIntentsAloneForWanted() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<SubscriptionIntent> kafka = env.fromData(new SubscriptionIntent("1", 0, 1));
        assertThat(UniverseIntents.intents(env, kafka, new Configuration())).isSameAs(kafka);
    }

    @Test
    void shouldBuildAJobWithoutKafkaForACatalogueUniverse() {
        Configuration conf = new Configuration();
        conf.set(JobOptions.JDBC_URL, "jdbc:postgresql://127.0.0.1:9/none");
        conf.set(JobOptions.UNIVERSE, "all");
        conf.set(JobOptions.UNIVERSE_KAFKA_INTENTS, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        PolystreamJob.buildLive(env, conf);
        List<String> operators =
                env.getStreamGraph().getStreamNodes().stream()
                        .map(StreamNode::getOperatorName)
                        .toList();
        assertThat(operators).noneMatch(name -> name.contains("subscription intent"));
        assertThat(operators).anyMatch(name -> name.contains("no intents"));
        assertThat(operators).anyMatch(name -> name.equals("universe all"));
    }

    @Test
    void shouldRefuseWantedWithoutKafkaAndBadUniverses() {
        Configuration conf = new Configuration();
        conf.set(JobOptions.UNIVERSE_KAFKA_INTENTS, false);
        assertThatThrownBy(() -> UniverseIntents.of(conf))
                .hasMessageContaining("universe.kafka-intents=false");
        conf.set(JobOptions.UNIVERSE, "tag:x");
        assertThatThrownBy(() -> UniverseIntents.of(conf))
                .hasMessageContaining("universe='tag:x' is not valid");
    }
}
