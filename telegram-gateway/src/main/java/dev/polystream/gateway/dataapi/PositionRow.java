package dev.polystream.gateway.dataapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The verdict on one row of {@code /v2/positions}: a {@link Holding}, or a skip reason with the
 * token to protect when there is one. The rules are those of {@link
 * DataApiDecoder#positionsPage(String, String)}.
 *
 * @param holding the row as a holding, null when skipped
 * @param skipReason why it was skipped ({@link Holdings#COMBO}, {@link Holdings#MALFORMED}, {@link
 *     Holdings#OTHER_WALLET}), null for a holding
 * @param protectedToken the token of a malformed row that had a usable token id, else null
 */
record PositionRow(Holding holding, String skipReason, String protectedToken) {

    static final Pattern TOKEN_ID = Pattern.compile("[0-9]{1,100}");
    private static final Pattern WALLET = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final Pattern CONDITION_ID = Pattern.compile("0x[0-9a-fA-F]{64}");
    private static final Pattern COMBO_CONDITION_ID = Pattern.compile("0x[0-9a-fA-F]{62}");

    static PositionRow read(JsonNode row, String wallet) {
        if (row == null || !row.isObject()) {
            return skip(Holdings.MALFORMED, null);
        }
        String token = DataApiDecoder.scalar(row.get("token_id"));
        token = token != null && TOKEN_ID.matcher(token).matches() ? token : null;
        String owner = DataApiDecoder.scalar(row.get("proxy_wallet"));
        owner = owner != null && WALLET.matcher(owner).matches() ? lower(owner) : null;
        if (owner != null && !owner.equals(wallet)) {
            return skip(Holdings.OTHER_WALLET, null);
        }
        String condition = DataApiDecoder.scalar(row.get("condition_id"));
        if (condition != null && COMBO_CONDITION_ID.matcher(condition).matches()) {
            return skip(Holdings.COMBO, null);
        }
        if (token == null) {
            return skip(Holdings.MALFORMED, null);
        }
        if (owner == null || condition == null || !CONDITION_ID.matcher(condition).matches()) {
            return skip(Holdings.MALFORMED, token);
        }
        try {
            BigDecimal size = DataApiDecoder.decimal(row.get("current_size"));
            if (size == null || size.signum() < 0) {
                return skip(Holdings.MALFORMED, token);
            }
            return new PositionRow(
                    new Holding(
                            owner,
                            token,
                            lower(condition),
                            size,
                            DataApiDecoder.decimal(row.get("avg_price")),
                            DataApiDecoder.decimal(row.get("entry_cost_usdc")),
                            DataApiDecoder.decimal(row.get("realized_pnl")),
                            DataApiDecoder.decimal(row.get("current_price")),
                            DataApiDecoder.decimal(row.get("current_value")),
                            DataApiDecoder.decimal(row.get("unrealized_pnl")),
                            DataApiDecoder.decimal(row.get("percent_pnl")),
                            bool(row, "redeemable"),
                            bool(row, "mergeable"),
                            bool(row, "negative_risk"),
                            text(row, "outcome"),
                            integer(row.get("outcome_index")),
                            tokenOrNull(text(row, "opposite_token_id")),
                            text(row, "title"),
                            blankToNull(text(row, "slug")),
                            blankToNull(text(row, "event_slug")),
                            epochSeconds(DataApiDecoder.decimal(row.get("first_entry_at")))),
                    null,
                    null);
        } catch (NumberFormatException | ArithmeticException | DateTimeException e) {
            return skip(Holdings.MALFORMED, token);
        }
    }

    private static PositionRow skip(String reason, String token) {
        return new PositionRow(null, reason, token);
    }

    /** A JSON boolean, "true"/"false" or 1/0; false when missing; anything else is unreadable. */
    private static boolean bool(JsonNode row, String field) {
        JsonNode node = row.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        String text = node.isValueNode() ? node.asText().strip().toLowerCase(Locale.ROOT) : "";
        return switch (text) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new NumberFormatException(field + " is not a boolean");
        };
    }

    /** A scalar as text, null when missing; an object or array is unreadable. */
    private static String text(JsonNode row, String field) {
        JsonNode node = row.get(field);
        if (node != null && node.isContainerNode()) {
            throw new NumberFormatException(field + " is not a string");
        }
        return DataApiDecoder.scalar(node);
    }

    private static Integer integer(JsonNode node) {
        BigDecimal value = DataApiDecoder.decimal(node);
        return value == null ? null : value.stripTrailingZeros().intValueExact();
    }

    /** Epoch seconds; 0 (the API's "unknown") and anything below it are null. */
    private static Instant epochSeconds(BigDecimal value) {
        if (value == null || value.signum() <= 0) {
            return null;
        }
        return Instant.ofEpochSecond(value.stripTrailingZeros().longValueExact());
    }

    /** The opposite token is only informative: a value that is not a token id is dropped. */
    private static String tokenOrNull(String text) {
        return text != null && TOKEN_ID.matcher(text).matches() ? text : null;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
