package dev.polystream.job.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystream.embedded.LocalKafka;
import dev.polystream.intent.MissingTopicException;
import dev.polystream.job.bar.PriceBar;
import dev.polystream.job.config.JobOptions;
import dev.polystream.ws.PriceSource;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code bars.topic} on a MiniCluster and an in-process broker: bars with activity arrive keyed by
 * token with their exact prices; confirmation-only bars do not; a missing topic the job may not
 * create is refused with what to do.
 */
class BarTopicITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    private static final String YES =
            "71321045679252212594626385532706912750332728571942532289631379312455583992563";
    private static final String NO =
            "52114319501245915516055106046884209969926127482827954674443846427813813222426";

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

    @Test
    void shouldPublishEveryBarWithActivityKeyedByToken() throws Exception {
        String topic = "bars.it";
        List<PriceBar> bars =
                List.of(
                        bar(YES, 1_765_000_000_000L, "0.515", 3),
                        bar(NO, 1_765_000_000_000L, "0.485", 1),
                        bar(YES, 1_765_000_001_000L, "0.52", 0), // a confirmation, no activity
                        bar(YES, 1_765_000_002_000L, "0.00001", 2));
        Configuration conf = new Configuration();
        conf.set(JobOptions.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        conf.set(JobOptions.BARS_TOPIC, topic);
        conf.set(JobOptions.BARS_TOPIC_PARTITIONS, 2);
        conf.set(JobOptions.KAFKA_TOPIC_CREATE, true);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        BarTopic.attach(env.fromData(bars), conf);
        env.execute("bars topic");

        List<ConsumerRecord<byte[], byte[]>> read = readAll(topic, 3);
        assertThat(read).hasSize(3);
        ObjectMapper json =
                new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        List<String> keys = new ArrayList<>();
        List<String> closes = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : read) {
            JsonNode value = json.readTree(r.value());
            // Plain notation on the wire, never 1E-5.
            assertThat(new String(r.value(), StandardCharsets.UTF_8)).doesNotContain("E-");
            String key = new String(r.key(), StandardCharsets.UTF_8);
            keys.add(key);
            assertThat(value.get("token_id").asText()).isEqualTo(key);
            assertThat(r.timestamp()).isEqualTo(value.get("bucket_ms").asLong());
            closes.add(
                    key.substring(0, 3) + "@" + value.get("close").decimalValue().toPlainString());
            assertThat(value.get("messages").asInt()).isPositive();
            assertThat(value.get("best_ask").isNull()).isTrue();
        }
        assertThat(keys).containsOnly(YES, NO);
        assertThat(closes)
                .containsExactlyInAnyOrder(
                        YES.substring(0, 3) + "@0.515",
                        NO.substring(0, 3) + "@0.485",
                        YES.substring(0, 3) + "@0.00001");
    }

    @Test
    void shouldRefuseAMissingTopicItMayNotCreate() {
        assertThatThrownBy(
                        () ->
                                BarTopic.ensure(
                                        kafka.bootstrapServers(),
                                        "bars.absent",
                                        1,
                                        (short) 1,
                                        false))
                .isInstanceOf(MissingTopicException.class)
                .hasMessageContaining("bars.absent")
                .hasMessageContaining("kafka.topic.create=true")
                .hasMessageContaining("(bars.topic)")
                .hasMessageContaining("bars.topic.partitions=1")
                .hasMessageNotContaining("compact");
    }

    private static PriceBar bar(String token, long bucketMs, String close, int messages) {
        BigDecimal c = new BigDecimal(close);
        return new PriceBar(
                token,
                "0xdd22472e552920b8438158ea7238bfadfa4f736aa4cee91a6b86c39ead110917",
                bucketMs,
                c,
                c,
                c,
                c,
                c.subtract(new BigDecimal("0.005")).max(BigDecimal.ZERO),
                null,
                null,
                new BigDecimal("12.5"),
                messages,
                PriceSource.WS,
                bucketMs + 500,
                bucketMs + 510,
                false,
                bucketMs + 510);
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
        Map<String, Object> props =
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "bars-it",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                        ByteArrayDeserializer.class,
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                        ByteArrayDeserializer.class);
        List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            // Reads a little past the expected count, so an extra record would show.
            int emptyPollsAfter = 0;
            while (System.nanoTime() < deadline && emptyPollsAfter < 3) {
                consumer.poll(Duration.ofMillis(500)).forEach(read::add);
                if (read.size() >= expected) {
                    emptyPollsAfter++;
                }
            }
        }
        return read;
    }
}
