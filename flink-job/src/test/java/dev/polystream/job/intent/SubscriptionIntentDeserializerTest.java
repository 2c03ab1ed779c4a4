package dev.polystream.job.intent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystream.intent.SubscriptionIntent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.Collector;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class SubscriptionIntentDeserializerTest {

    private static final String TOKEN =
            "71321045679252212594626385532706912750332728571942532289631379312455583992563";

    private static Optional<SubscriptionIntent> parse(String key, String value) {
        return SubscriptionIntentDeserializer.parse(
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadTheGatewaysMessage() {
        assertThat(
                        parse(
                                TOKEN,
                                "{\"token_id\":\""
                                        + TOKEN
                                        + "\",\"market_id\":\"512\",\"positions\":3,\"watchers\":1,"
                                        + "\"updated_at\":\"2026-11-25T10:00:00Z\"}"))
                .contains(
                        new SubscriptionIntent(
                                TOKEN, "512", 3, 1, Instant.parse("2026-11-25T10:00:00Z")));
        assertThat(parse(TOKEN, "{\"token_id\":\"" + TOKEN + "\",\"positions\":3,\"watchers\":1}"))
                .contains(new SubscriptionIntent(TOKEN, 3, 1));
    }

    @Test
    void shouldTakeTheTokenFromTheKeyWhenTheValueHasNone() {
        assertThat(parse(TOKEN, "{\"positions\":0}")).contains(new SubscriptionIntent(TOKEN, 0, 0));
    }

    @Test
    void shouldReadATombstoneAsNobodyWantsIt() {
        assertThat(parse(TOKEN, null)).contains(new SubscriptionIntent(TOKEN, 0, 0));
    }

    @Test
    void shouldIgnoreUnknownFieldsAndAcceptNumericStrings() {
        assertThat(parse(TOKEN, "{\"positions\":\"2\",\"extra\":[1,2]}"))
                .contains(new SubscriptionIntent(TOKEN, 2, 0));
    }

    @Test
    void shouldRejectWhatItCannotUnderstand() {
        assertThat(parse(TOKEN, "not json")).isEmpty();
        assertThat(parse(TOKEN, "[1,2]")).isEmpty();
        assertThat(parse(TOKEN, "{\"positions\":-1}")).isEmpty();
        assertThat(parse(TOKEN, "{\"positions\":1.5}")).isEmpty();
        assertThat(parse(TOKEN, "{\"positions\":\"many\"}")).isEmpty();
        assertThat(parse(null, "{\"positions\":1}")).isEmpty();
        assertThat(parse(null, null)).isEmpty();
        assertThat(parse("", "{\"positions\":1}")).isEmpty();
    }

    @Test
    void shouldCountMalformedRecordsInTheSourcesMetricGroupAndSkipThem() throws Exception {
        Map<String, Counter> counters = new HashMap<>();
        MetricGroup group =
                new UnregisteredMetricsGroup() {
                    @Override
                    public Counter counter(String name) {
                        return counter(name, new SimpleCounter());
                    }

                    @Override
                    public <C extends Counter> C counter(String name, C counter) {
                        counters.put(name, counter);
                        return counter;
                    }
                };
        SubscriptionIntentDeserializer deserializer = new SubscriptionIntentDeserializer();
        deserializer.open(
                new DeserializationSchema.InitializationContext() {
                    @Override
                    public MetricGroup getMetricGroup() {
                        return group;
                    }

                    @Override
                    public UserCodeClassLoader getUserCodeClassLoader() {
                        return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
                    }
                });
        List<SubscriptionIntent> out = new ArrayList<>();
        Collector<SubscriptionIntent> collector =
                new Collector<>() {
                    @Override
                    public void collect(SubscriptionIntent record) {
                        out.add(record);
                    }

                    @Override
                    public void close() {}
                };

        deserializer.deserialize(record(TOKEN, "not json", 0), collector);
        deserializer.deserialize(record(TOKEN, "{\"positions\":2}", 1), collector);
        deserializer.deserialize(record(null, "{\"positions\":1}", 2), collector);

        assertThat(out).containsExactly(new SubscriptionIntent(TOKEN, 2, 0));
        assertThat(counters).containsKey(SubscriptionIntentDeserializer.MALFORMED_METRIC);
        assertThat(counters.get(SubscriptionIntentDeserializer.MALFORMED_METRIC).getCount())
                .isEqualTo(2);
        assertThat(deserializer.malformedCount()).isEqualTo(2);
    }

    private static ConsumerRecord<byte[], byte[]> record(String key, String value, long offset) {
        return new ConsumerRecord<>(
                "intents",
                0,
                offset,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }
}
