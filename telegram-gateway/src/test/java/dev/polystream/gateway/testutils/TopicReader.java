package dev.polystream.gateway.testutils;

import dev.polystream.intent.SubscriptionIntent;
import dev.polystream.intent.SubscriptionIntentCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a one-partition topic from the beginning and keeps every record seen, in topic order. Call
 * {@link #poll()} inside an Awaitility condition.
 */
public final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> records = new ArrayList<>();

    public TopicReader(String bootstrapServers, String topic) {
        consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                                StringDeserializer.class,
                                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                                StringDeserializer.class,
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                false));
        TopicPartition partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
    }

    /** Fetches what arrived; returns every record so far. */
    public List<ConsumerRecord<String, String>> poll() {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
            records.add(r);
        }
        return List.copyOf(records);
    }

    public List<ConsumerRecord<String, String>> records() {
        return List.copyOf(records);
    }

    /** The intents published for the token, in topic order. */
    public List<SubscriptionIntent> intents(String tokenId) {
        List<SubscriptionIntent> intents = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            if (tokenId.equals(r.key())) {
                intents.add(SubscriptionIntentCodec.fromJson(r.value()));
            }
        }
        return intents;
    }

    public Optional<SubscriptionIntent> latest(String tokenId) {
        List<SubscriptionIntent> intents = intents(tokenId);
        return intents.isEmpty() ? Optional.empty() : Optional.of(intents.get(intents.size() - 1));
    }

    /** The published position counts for the token, in topic order. */
    public List<Integer> positionCounts(String tokenId) {
        return intents(tokenId).stream().map(SubscriptionIntent::positions).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
