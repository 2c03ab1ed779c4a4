package dev.polystream.job.intent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystream.ws.flink.SubscriptionIntent;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the subscription-intent topic: key = token id, value = JSON {@code {"token_id",
 * "market_id", "positions", "watchers", "updated_at"}}. A tombstone (null value) means nobody wants
 * the token. A malformed record is logged and skipped; it never fails the job.
 */
public class SubscriptionIntentDeserializer
        implements KafkaRecordDeserializationSchema<SubscriptionIntent> {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionIntentDeserializer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private long malformed;

    @Override
    public void deserialize(
            ConsumerRecord<byte[], byte[]> record, Collector<SubscriptionIntent> out) {
        parse(record.key(), record.value())
                .ifPresentOrElse(
                        out::collect,
                        () -> {
                            malformed++;
                            // Log the first few in full, then every 1000th, so a poisoned topic
                            // cannot flood the log.
                            if (malformed <= 10 || malformed % 1000 == 0) {
                                LOG.warn(
                                        "Skipping malformed subscription intent #{} at {}-{}@{}:"
                                                + " key={} value={}",
                                        malformed,
                                        record.topic(),
                                        record.partition(),
                                        record.offset(),
                                        abbreviate(record.key()),
                                        abbreviate(record.value()));
                            }
                        });
    }

    /** Parses one record; empty when it cannot be understood. */
    static Optional<SubscriptionIntent> parse(byte[] key, byte[] value) {
        String keyToken = key == null ? null : new String(key, StandardCharsets.UTF_8).trim();
        if (value == null) {
            return isToken(keyToken)
                    ? Optional.of(new SubscriptionIntent(keyToken, 0, 0))
                    : Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(value);
            if (node == null || !node.isObject()) {
                return Optional.empty();
            }
            String token = node.path("token_id").asText(null);
            if (!isToken(token)) {
                token = keyToken;
            }
            if (!isToken(token)) {
                return Optional.empty();
            }
            int positions = count(node.get("positions"));
            int watchers = count(node.get("watchers"));
            if (positions < 0 || watchers < 0) {
                return Optional.empty();
            }
            return Optional.of(new SubscriptionIntent(token, positions, watchers));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    private static boolean isToken(String s) {
        return s != null && !s.isBlank() && s.length() <= 100;
    }

    /** A count: absent means 0; anything but a non-negative integer is invalid (-1). */
    private static int count(JsonNode n) {
        if (n == null || n.isNull()) {
            return 0;
        }
        if (n.canConvertToInt() && n.isIntegralNumber() && n.intValue() >= 0) {
            return n.intValue();
        }
        if (n.isTextual()) {
            try {
                int v = Integer.parseInt(n.asText().trim());
                return v >= 0 ? v : -1;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    private static String abbreviate(byte[] bytes) {
        if (bytes == null) {
            return "null";
        }
        String s = new String(bytes, StandardCharsets.UTF_8);
        return s.length() > 200 ? s.substring(0, 200) + "…(" + s.length() + " chars)" : s;
    }

    @Override
    public TypeInformation<SubscriptionIntent> getProducedType() {
        return TypeInformation.of(SubscriptionIntent.class);
    }
}
