package dev.polystream.gateway.dataapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import dev.polystream.gateway.dataapi.DataApiException.Kind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns Data API v2 bodies (protocol §15) into values. Pure functions, no I/O.
 *
 * <p>The envelope is {@code {"data": …, "pagination": {"limit", "offset", "has_more",
 * "next_cursor"}}}; {@code data: null}, {@code []} or no {@code data} at all is "nothing", not an
 * error. Numbers are read as exact decimals, whether the API wrote a JSON number (it writes
 * doubles, e.g. {@code 28.09} or {@code 1e-5}) or a numeric string. Unknown fields are ignored.
 *
 * <p>A body that cannot be read as a whole (not JSON, truncated, {@code data} of the wrong type) is
 * a {@link DataApiException} of kind {@link Kind#MALFORMED_BODY}, never a partial result. Single
 * rows are judged one by one: see {@link #positionsPage(String, String)}.
 */
public final class DataApiDecoder {

    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, true)
                    .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
                    // "0.50" stays 0.50: the value as written, not a normalised one.
                    .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    /** Bounds on a number's magnitude and precision: anything past them is not a price or size. */
    private static final int MAX_INTEGER_DIGITS = 30;

    private static final int MAX_SCALE = 30;

    private DataApiDecoder() {}

    /**
     * One page of {@code /v2/positions} for {@code wallet} (lower case). Each row is either a
     * {@link Holding}, or skipped and counted:
     *
     * <ul>
     *   <li>{@code other-wallet}: a readable {@code proxy_wallet} that is not {@code wallet};
     *   <li>{@code combo}: a {@code condition_id} of 62 hex digits (a combo position), before any
     *       other check;
     *   <li>{@code malformed}: not an object, or no token id of 1–100 decimal digits (nothing is
     *       protected then), or a usable token id with an unusable field: {@code current_size}
     *       missing, negative or unreadable, any other number present but unreadable (e.g. {@code
     *       "abc"} or an object), a boolean or string field holding something else, a missing
     *       {@code proxy_wallet} or {@code condition_id}. Such a token is listed in {@link
     *       PositionsPage#unreadableTokens()} so the caller neither creates nor closes it.
     * </ul>
     *
     * @throws DataApiException (kind {@link Kind#MALFORMED_BODY}) when the body as a whole cannot
     *     be read
     */
    public static PositionsPage positionsPage(String body, String wallet) {
        JsonNode root = root(body);
        JsonNode data = root.get("data");
        if (data != null && !data.isNull() && !data.isArray()) {
            throw malformed("'data' is " + data.getNodeType() + ", not an array or null", body);
        }
        String cursor = null;
        boolean hasMore = false;
        JsonNode pagination = root.get("pagination");
        if (pagination != null && !pagination.isNull()) {
            if (!pagination.isObject()) {
                throw malformed("'pagination' is not an object", body);
            }
            JsonNode next = pagination.get("next_cursor");
            if (next != null && !next.isNull()) {
                if (!next.isTextual()) {
                    throw malformed("'next_cursor' is not a string", body);
                }
                cursor = next.asText().isEmpty() ? null : next.asText();
            }
            hasMore = pagination.path("has_more").asBoolean(false);
        }
        List<Holding> rows = new ArrayList<>();
        Set<String> unreadable = new LinkedHashSet<>();
        Map<String, Integer> skipped = new LinkedHashMap<>();
        if (data != null && data.isArray()) {
            for (JsonNode row : data) {
                PositionRow read = PositionRow.read(row, wallet);
                if (read.holding() != null) {
                    rows.add(read.holding());
                } else {
                    skipped.merge(read.skipReason(), 1, Integer::sum);
                    if (read.protectedToken() != null) {
                        unreadable.add(read.protectedToken());
                    }
                }
            }
        }
        return new PositionsPage(rows, cursor, hasMore, unreadable, skipped);
    }

    /**
     * {@code /v2/user-stats}: the stats object, or empty when the API does not know the user
     * ({@code data: null} or no {@code data}).
     *
     * @throws DataApiException (kind {@link Kind#MALFORMED_BODY}) when the body cannot be read or
     *     {@code data} is neither an object nor null
     */
    public static Optional<JsonNode> userStats(String body) {
        JsonNode data = root(body).get("data");
        if (data == null || data.isNull()) {
            return Optional.empty();
        }
        if (!data.isObject()) {
            throw malformed("'data' is " + data.getNodeType() + ", not an object or null", body);
        }
        return Optional.of(data);
    }

    /** The §15 error body; {@link DataApiError#NONE} (or missing fields) when it says less. */
    public static DataApiError error(String body) {
        JsonNode root;
        try {
            root = body == null ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return DataApiError.NONE;
        }
        if (root == null || !root.isObject()) {
            return DataApiError.NONE;
        }
        JsonNode retryable = root.get("retryable");
        Boolean flag = null;
        if (retryable != null && (retryable.isBoolean() || retryable.isTextual())) {
            String text = retryable.asText().toLowerCase(Locale.ROOT);
            flag = text.equals("true") ? Boolean.TRUE : text.equals("false") ? Boolean.FALSE : null;
        }
        return new DataApiError(
                scalar(root.get("error")),
                scalar(root.get("code")),
                flag,
                scalar(root.get("trace_id")),
                scalar(root.get("parameter")));
    }

    private static JsonNode root(String body) {
        JsonNode root;
        try {
            root = body == null ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw malformed("not JSON (" + e.getOriginalMessage() + ")", body);
        }
        if (root == null || root.isMissingNode()) {
            throw malformed("empty body", body);
        }
        if (!root.isObject()) {
            throw malformed("not a JSON object", body);
        }
        return root;
    }

    private static DataApiException malformed(String what, String body) {
        return new DataApiException(
                Kind.MALFORMED_BODY,
                200,
                null,
                null,
                true,
                "Data API body unreadable: "
                        + DataApiException.excerpt(what, 160)
                        + "; body "
                        + DataApiException.excerpt(body, 80),
                null);
    }

    static String scalar(JsonNode node) {
        return node == null || node.isNull() || node.isContainerNode() ? null : node.asText();
    }

    /** A number as written, or {@code null} when absent; throws when present but unreadable. */
    static BigDecimal decimal(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        BigDecimal value;
        if (node.isNumber()) {
            value = node.decimalValue();
        } else if (node.isTextual()) {
            try {
                value = new BigDecimal(node.asText().strip());
            } catch (NumberFormatException e) {
                throw new NumberFormatException("not a number");
            }
        } else {
            throw new NumberFormatException("a " + node.getNodeType() + ", not a number");
        }
        if (value.scale() > MAX_SCALE || value.precision() - value.scale() > MAX_INTEGER_DIGITS) {
            throw new NumberFormatException("out of range");
        }
        return value;
    }
}
