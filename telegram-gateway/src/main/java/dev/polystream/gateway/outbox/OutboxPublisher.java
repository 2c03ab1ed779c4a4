package dev.polystream.gateway.outbox;

import dev.polystream.gateway.store.OutboxRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's Kafka producer: sends outbox rows in order (key = {@code msg_key}, value = {@code
 * payload}) with an idempotent {@code acks=all} producer and waits for the acknowledgements. Used
 * by the relay thread only; the producer is created on first use and dropped after a failure.
 */
final class OutboxPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxPublisher.class);

    private final String topic;
    private final String bootstrapServers;
    private final Map<String, String> clientProperties;
    private final Duration kafkaTimeout;
    private Producer<String, String> producer;

    OutboxPublisher(
            String topic,
            String bootstrapServers,
            Map<String, String> clientProperties,
            Duration kafkaTimeout) {
        this.topic = topic;
        this.bootstrapServers = bootstrapServers;
        this.clientProperties = clientProperties;
        this.kafkaTimeout = kafkaTimeout;
    }

    /**
     * How a batch went: the first {@code acknowledged} rows are in Kafka; {@code failure} (null
     * when all were) stopped the rest.
     */
    record Delivery(int acknowledged, Throwable failure) {}

    /**
     * Sends the rows in order and waits for the acknowledgements, for at most the Kafka timeout.
     */
    Delivery send(List<OutboxRow> rows) throws InterruptedException {
        Producer<String, String> p = producer();
        List<Future<RecordMetadata>> futures = new ArrayList<>(rows.size());
        Throwable failure = null;
        for (OutboxRow row : rows) {
            try {
                futures.add(p.send(new ProducerRecord<>(topic, row.key(), row.payload())));
            } catch (KafkaException e) {
                failure = e;
                break;
            }
        }
        long deadline = System.nanoTime() + kafkaTimeout.toNanos() + 1_000_000_000L;
        int acknowledged = 0;
        for (Future<RecordMetadata> future : futures) {
            try {
                future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acknowledged++;
            } catch (ExecutionException e) {
                failure = e.getCause();
                break;
            } catch (TimeoutException e) {
                failure =
                        new TimeoutException(
                                "No acknowledgement within " + kafkaTimeout.toMillis() + " ms");
                break;
            }
        }
        return new Delivery(acknowledged, failure);
    }

    private Producer<String, String> producer() {
        if (producer == null) {
            Map<String, Object> props = new HashMap<>(clientProperties);
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(ProducerConfig.CLIENT_ID_CONFIG, "polystream-gateway-outbox");
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
            props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            int timeoutMs = (int) kafkaTimeout.toMillis();
            props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(500, timeoutMs / 2));
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
            // Fewer "connection refused" lines from the client while Kafka is down.
            props.putIfAbsent(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 5000);
            producer = new KafkaProducer<>(props);
        }
        return producer;
    }

    /** Closes the producer (waiting at most {@code timeout}); the next send opens a new one. */
    void reset(Duration timeout) {
        if (producer != null) {
            try {
                producer.close(timeout);
            } catch (RuntimeException e) {
                LOG.debug("Kafka producer did not close cleanly: {}", e.toString());
            }
            producer = null;
        }
    }

    @Override
    public void close() {
        reset(Duration.ofSeconds(1));
    }
}
