package dev.polystream.job.export;

import dev.polystream.job.bar.PriceBar;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A bar as a Kafka record of the bars topic: keyed by token id (one token's bars stay in order on
 * one partition), the value {@link BarJson}, the record's timestamp the bar's second.
 */
final class BarRecords implements KafkaRecordSerializationSchema<PriceBar> {

    private static final long serialVersionUID = 1L;

    private final String topic;

    BarRecords(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            PriceBar bar, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(
                topic,
                null,
                bar.bucketMs(),
                bar.tokenId().getBytes(StandardCharsets.UTF_8),
                BarJson.encode(bar));
    }
}
