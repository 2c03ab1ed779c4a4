package dev.polystream.job.intent;

import dev.polystream.intent.SubscriptionIntent;
import dev.polystream.intent.SubscriptionIntentCodec;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the subscription-intent topic with {@link SubscriptionIntentCodec#decode} (the one wire
 * format; a tombstone means nobody wants the key's token). A malformed record is counted in the
 * {@value #MALFORMED_METRIC} counter of the source's metric group, logged in one line (the first
 * ten, then every thousandth) and skipped; it never fails the job.
 */
public class SubscriptionIntentDeserializer
        implements KafkaRecordDeserializationSchema<SubscriptionIntent> {

    private static final long serialVersionUID = 1L;

    /** Name of the counter of skipped records. */
    public static final String MALFORMED_METRIC = "malformedIntents";

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionIntentDeserializer.class);

    /** Registered in {@link #open}; a plain counter until then (unit tests). */
    private transient Counter malformed;

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        malformed = context.getMetricGroup().counter(MALFORMED_METRIC);
    }

    @Override
    public void deserialize(
            ConsumerRecord<byte[], byte[]> record, Collector<SubscriptionIntent> out) {
        Optional<SubscriptionIntent> intent = parse(record.key(), record.value());
        if (intent.isPresent()) {
            out.collect(intent.get());
            return;
        }
        Counter counter = malformed();
        counter.inc();
        long count = counter.getCount();
        // Log the first few, then every 1000th, so a poisoned topic cannot flood the log.
        if (count <= 10 || count % 1000 == 0) {
            LOG.warn(
                    "Skipping malformed subscription intent #{} at {}-{}@{}: key={} value={}",
                    count,
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    abbreviate(record.key()),
                    abbreviate(record.value()));
        }
    }

    /** How many records were skipped so far. */
    long malformedCount() {
        return malformed().getCount();
    }

    private Counter malformed() {
        if (malformed == null) {
            malformed = new SimpleCounter();
        }
        return malformed;
    }

    /** Parses one record; empty when it cannot be understood. */
    static Optional<SubscriptionIntent> parse(byte[] key, byte[] value) {
        return SubscriptionIntentCodec.decode(key, value);
    }

    private static String abbreviate(byte[] bytes) {
        if (bytes == null) {
            return "null";
        }
        String s = new String(bytes, StandardCharsets.UTF_8).replace('\n', ' ');
        return s.length() > 200 ? s.substring(0, 200) + "…(" + s.length() + " chars)" : s;
    }

    @Override
    public TypeInformation<SubscriptionIntent> getProducedType() {
        return TypeInformation.of(SubscriptionIntent.class);
    }
}
