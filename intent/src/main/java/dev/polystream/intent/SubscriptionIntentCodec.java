package dev.polystream.intent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The one wire format of a {@link SubscriptionIntent} on the Kafka topic: key = token id (UTF-8),
 * value = JSON
 *
 * <pre>
 * {"token_id":"…","market_id":"…","positions":N,"watchers":M,"updated_at":"2026-11-25T14:03:04.123456Z"}
 * </pre>
 *
 * The writer ({@link #toJson}) always writes these five fields. The strict reader ({@link
 * #fromJson}) checks a value against that contract. The record reader ({@link #decode}) is what the
 * job applies to the topic: a tombstone (null value) means nobody wants the key's token, a value
 * without a token id takes the key's, an absent count is 0, a count may be a numeric string and
 * unknown fields are ignored; anything else is malformed. Thread-safe.
 */
public final class SubscriptionIntentCodec {

    /** Longer "token ids" are garbage, not tokens (real ones have 77 digits). */
    static final int MAX_TOKEN_LENGTH = 100;

    private static final ObjectMapper JSON = new ObjectMapper();

    private SubscriptionIntentCodec() {}

    /** The record's key: the token id. */
    public static String key(SubscriptionIntent intent) {
        return intent.tokenId();
    }

    /** The record's value, with exactly the five contract fields. */
    public static String toJson(SubscriptionIntent intent) {
        ObjectNode node = JSON.createObjectNode();
        node.put("token_id", intent.tokenId());
        node.put("market_id", intent.marketId());
        node.put("positions", intent.positions());
        node.put("watchers", intent.watchers());
        // Instant.toString is ISO-8601 in UTC with a 'Z'.
        node.put("updated_at", intent.updatedAt() == null ? null : intent.updatedAt().toString());
        return node.toString();
    }

    /** {@link #toJson} as UTF-8 bytes, the form Kafka carries. */
    public static byte[] encode(SubscriptionIntent intent) {
        return toJson(intent).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses a value that must carry the whole contract (token id, both counts and the time).
     *
     * @throws IllegalArgumentException when the text is not a subscription intent
     */
    public static SubscriptionIntent fromJson(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not a subscription intent: " + json, e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("Not a JSON object: " + json);
        }
        int positions = count(required(node, "positions"));
        int watchers = count(required(node, "watchers"));
        if (positions < 0 || watchers < 0) {
            throw new IllegalArgumentException(
                    "Counts must be non-negative integers in subscription intent: " + json);
        }
        try {
            return new SubscriptionIntent(
                    required(node, "token_id").asText(),
                    marketId(node),
                    positions,
                    watchers,
                    Instant.parse(required(node, "updated_at").asText()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Not a subscription intent: " + json, e);
        }
    }

    /**
     * Reads one Kafka record the way the job does; empty when it cannot be understood.
     *
     * @param key the record key (the token id), may be null
     * @param value the record value, null for a tombstone
     */
    public static Optional<SubscriptionIntent> decode(byte[] key, byte[] value) {
        String keyToken = key == null ? null : new String(key, StandardCharsets.UTF_8).trim();
        if (value == null) {
            return isToken(keyToken)
                    ? Optional.of(new SubscriptionIntent(keyToken, 0, 0))
                    : Optional.empty();
        }
        JsonNode node;
        try {
            node = JSON.readTree(value);
        } catch (IOException e) {
            return Optional.empty();
        }
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
        return Optional.of(
                new SubscriptionIntent(
                        token, marketId(node), positions, watchers, updatedAt(node)));
    }

    private static boolean isToken(String s) {
        return s != null && !s.isBlank() && s.length() <= MAX_TOKEN_LENGTH;
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("Subscription intent without '" + field + "'");
        }
        return value;
    }

    private static String marketId(JsonNode node) {
        JsonNode market = node.get("market_id");
        return market == null || market.isNull() ? null : market.asText();
    }

    /** The time if present and readable; the job does not need it, so a bad one is dropped. */
    private static Instant updatedAt(JsonNode node) {
        JsonNode at = node.get("updated_at");
        if (at == null || !at.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(at.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
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
}
