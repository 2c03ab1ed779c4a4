package dev.polystream.ws.gamma;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decodes Gamma's JSON (§5.2). The list fields ({@code outcomes}, {@code outcomePrices}, {@code
 * clobTokenIds}) come as strings holding a JSON array almost everywhere and as real arrays from
 * {@code public-search?optimized=true}; both are accepted. Numbers may be ints, floats or strings;
 * missing keys mean "unknown". Nothing here throws on an odd market except a missing id.
 */
public final class GammaDecoder {

    static final ObjectMapper JSON =
            new ObjectMapper()
                    .configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, true)
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private GammaDecoder() {}

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * One market object.
     *
     * @throws IllegalArgumentException when it is not an object or has no id
     */
    public static GammaMarket market(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("A Gamma market must be a JSON object");
        }
        String id = text(node, "id");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("A Gamma market without an id");
        }
        List<String> outcomes = stringList(node.get("outcomes"));
        List<String> tokens = stringList(node.get("clobTokenIds"));
        List<BigDecimal> prices = new ArrayList<>();
        for (String price : stringList(node.get("outcomePrices"))) {
            try {
                prices.add(new BigDecimal(price));
            } catch (NumberFormatException e) {
                prices.clear();
                break;
            }
        }
        String eventSlug = null;
        JsonNode events = node.get("events");
        if (events != null && events.isArray() && !events.isEmpty()) {
            eventSlug = text(events.get(0), "slug");
        }
        return new GammaMarket(
                id,
                text(node, "conditionId"),
                text(node, "question"),
                text(node, "slug"),
                outcomes,
                tokens,
                prices,
                bool(node, "active", false),
                bool(node, "closed", false),
                bool(node, "acceptingOrders", true),
                instant(text(node, "endDate")),
                decimal(node.get("orderPriceMinTickSize")),
                eventSlug);
    }

    /** The markets of an array, skipping (and counting) the undecodable ones. */
    public static GammaPage page(JsonNode markets, String nextCursor) {
        List<GammaMarket> decoded = new ArrayList<>();
        int skipped = 0;
        if (markets != null && markets.isArray()) {
            for (JsonNode m : markets) {
                try {
                    decoded.add(market(m));
                } catch (IllegalArgumentException e) {
                    skipped++;
                }
            }
        }
        return new GammaPage(decoded, nextCursor, skipped);
    }

    /** A {@code /markets/keyset} response: {@code {"markets":[…],"next_cursor":"…"}}. */
    public static GammaPage keysetPage(String json) {
        JsonNode root = parse(json);
        if (!root.isObject()) {
            throw new IllegalArgumentException("A keyset page must be a JSON object");
        }
        String cursor = text(root, "next_cursor");
        return page(root.get("markets"), cursor == null || cursor.isEmpty() ? null : cursor);
    }

    /** One event object with its nested markets. */
    public static GammaEvent event(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("A Gamma event must be a JSON object");
        }
        return new GammaEvent(
                text(node, "id"),
                text(node, "slug"),
                text(node, "title"),
                page(node.get("markets"), null).markets());
    }

    /** {@code /public-search}: the markets of every event found, in the order given. */
    public static List<GammaMarket> searchResults(String json) {
        JsonNode root = parse(json);
        List<GammaMarket> markets = new ArrayList<>();
        JsonNode events = root.get("events");
        if (events != null && events.isArray()) {
            for (JsonNode e : events) {
                markets.addAll(page(e.get("markets"), null).markets());
            }
        }
        JsonNode direct = root.get("markets");
        if (direct != null && direct.isArray()) {
            markets.addAll(page(direct, null).markets());
        }
        return markets;
    }

    /**
     * A {@code /public-profile} body (§14) for {@code address}. Every field may be missing or null;
     * a {@code proxyWallet} that is not an address counts as none, so the trader's own address is
     * used rather than something Gamma garbled.
     *
     * @throws IllegalArgumentException when the body is not an object or {@code address} is not
     *     {@code 0x} + 40 hex
     */
    public static GammaProfile profile(String address, JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("A Gamma profile must be a JSON object");
        }
        String proxy = text(node, "proxyWallet");
        return new GammaProfile(
                address,
                GammaProfile.isAddress(proxy) ? proxy : null,
                text(node, "name"),
                text(node, "pseudonym"));
    }

    /**
     * A list field: a real JSON array, or a string holding one; empty when absent or unreadable.
     */
    static List<String> stringList(JsonNode node) {
        JsonNode array = node;
        if (node != null && node.isTextual()) {
            String text = node.asText().strip();
            if (text.isEmpty()) {
                return List.of();
            }
            try {
                array = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                return List.of();
            }
        }
        if (array == null || !array.isArray()) {
            return List.of();
        }
        List<String> values = new ArrayList<>(array.size());
        for (JsonNode item : array) {
            if (item.isNull()) {
                return List.of();
            }
            values.add(item.isNumber() ? item.decimalValue().toPlainString() : item.asText());
        }
        return values;
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static boolean bool(JsonNode node, String field, boolean absent) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        return Boolean.parseBoolean(value.asText());
    }

    static BigDecimal decimal(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return value.isNumber()
                    ? value.decimalValue().stripTrailingZeros()
                    : new BigDecimal(value.asText().strip()).stripTrailingZeros();
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** RFC 3339 with any fractional length, or a bare date; null when unreadable. */
    static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return Optional.of(text)
                    .filter(t -> t.matches("\\d{4}-\\d{2}-\\d{2}"))
                    .map(t -> Instant.parse(t + "T00:00:00Z"))
                    .orElse(null);
        }
    }
}
