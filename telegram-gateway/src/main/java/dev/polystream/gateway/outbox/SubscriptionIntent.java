package dev.polystream.gateway.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystream.gateway.domain.TokenInterest;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The value of a record on the subscription topic (key = token id): the absolute number of active
 * positions and watches that want the token, as of {@code updatedAt}. The latest record per key is
 * the truth, so the topic can be compacted and records can be repeated.
 *
 * <pre>
 * {"token_id":"…","market_id":"…","positions":N,"watchers":M,"updated_at":"2026-11-25T14:03:04.123456Z"}
 * </pre>
 *
 * @param marketId null when unknown
 */
public record SubscriptionIntent(
        String tokenId, String marketId, int positions, int watchers, Instant updatedAt) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public SubscriptionIntent {
        if (tokenId == null || tokenId.isEmpty()) {
            throw new IllegalArgumentException("A subscription intent needs a token id");
        }
        if (positions < 0 || watchers < 0) {
            throw new IllegalArgumentException(
                    "Counts cannot be negative: positions=" + positions + " watchers=" + watchers);
        }
        if (updatedAt == null) {
            throw new IllegalArgumentException("A subscription intent needs updated_at");
        }
    }

    public static SubscriptionIntent of(TokenInterest interest) {
        return new SubscriptionIntent(
                interest.tokenId(),
                interest.marketId(),
                interest.positions(),
                interest.watchers(),
                interest.updatedAt());
    }

    /** Whether the Flink job should be subscribed to the token. */
    public boolean isWanted() {
        return positions > 0 || watchers > 0;
    }

    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("token_id", tokenId);
        node.put("market_id", marketId);
        node.put("positions", positions);
        node.put("watchers", watchers);
        // Instant.toString is ISO-8601 in UTC with a 'Z'.
        node.put("updated_at", updatedAt.toString());
        return node.toString();
    }

    /**
     * Parses a record value.
     *
     * @throws IllegalArgumentException when the text is not a subscription intent
     */
    public static SubscriptionIntent fromJson(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("Not a JSON object: " + json);
            }
            JsonNode market = node.get("market_id");
            return new SubscriptionIntent(
                    required(node, "token_id").asText(),
                    market == null || market.isNull() ? null : market.asText(),
                    required(node, "positions").asInt(),
                    required(node, "watchers").asInt(),
                    Instant.parse(required(node, "updated_at").asText()));
        } catch (JsonProcessingException | DateTimeParseException e) {
            throw new IllegalArgumentException("Not a subscription intent: " + json, e);
        }
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("Subscription intent without '" + field + "'");
        }
        return value;
    }
}
