package dev.polystream.gateway.testutils;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One page of the fake's {@code /v2/positions}: filters (status, dust floor), order and keyset
 * cursors shaped like the live ones (base64url of {@code {"data":{"type":"positions","params":
 * {…}},"sig":…}}, anchored on the last row's sort key and token and bound to the user).
 */
final class FakePositionsPage {

    private static final Map<String, String> SORT_FIELDS =
            Map.of(
                    "CURRENT_VALUE", "current_value",
                    "PRICE", "current_price",
                    "TOKENS", "current_size",
                    "UNREALIZED_PNL", "unrealized_pnl",
                    "REALIZED_PNL", "realized_pnl",
                    "TOTAL_PNL", "total_pnl",
                    "TIMESTAMP", "last_event_at");
    private static final Set<String> STATUSES =
            Set.of("OPEN", "CLOSED", "REDEEMABLE", "REDEEMABLE_LOST", "MERGEABLE");
    private static final String SECRET = "fake-data-api-cursor-key";

    private FakePositionsPage() {}

    static FakeAnswer answer(
            String user,
            List<ObjectNode> all,
            Map<String, List<String>> query,
            int maxPageSize,
            boolean stuckCursor) {
        int limit = 100;
        BigDecimal floor = new BigDecimal("0.1");
        String limitText = FakeDataApi.first(query, "limit");
        String floorText = FakeDataApi.first(query, "filter_amount");
        try {
            limit = limitText == null ? limit : Integer.parseInt(limitText);
            floor = floorText == null ? floor : new BigDecimal(floorText);
        } catch (NumberFormatException e) {
            return FakeAnswer.error(
                    400, null, limitText == null ? "filter_amount" : "limit", "NaN");
        }
        if (limit < 1 || limit > 1000) {
            return FakeAnswer.error(400, null, "limit", "limit must be between 1 and 1000");
        }
        if (floor.signum() < 0) {
            return FakeAnswer.error(400, null, "filter_amount", "filter_amount must be >= 0");
        }
        String status = param(query, "status", "OPEN");
        String sort = param(query, "sort_by", "CURRENT_VALUE");
        String dir = param(query, "sort_direction", "DESC");
        boolean cash = param(query, "filter_type", "TOKENS").equals("CASH");
        if (!STATUSES.contains(status)) {
            return FakeAnswer.error(400, null, "status", "unknown status");
        }
        if (!SORT_FIELDS.containsKey(sort) || !(dir.equals("DESC") || dir.equals("ASC"))) {
            return FakeAnswer.error(400, null, "sort_by", "unknown sort");
        }
        String field = SORT_FIELDS.get(sort);
        Comparator<ObjectNode> order =
                Comparator.comparing((ObjectNode r) -> decimal(r.get(field)));
        order = dir.equals("DESC") ? order.reversed() : order;
        order = order.thenComparing(r -> FakeDataApi.tokenOrder(r.path("token_id").asText()));
        // condition: up to 20 condition ids, comma-separated (protocol doc §15.1).
        String conditionParam = FakeDataApi.first(query, "condition");
        java.util.Set<String> conditions = new java.util.HashSet<>();
        if (conditionParam != null) {
            for (String c : conditionParam.split(",")) {
                conditions.add(c.strip().toLowerCase(java.util.Locale.ROOT));
            }
            if (conditions.size() > 20) {
                return FakeAnswer.error(400, null, "condition", "at most 20 condition ids");
            }
        }
        List<ObjectNode> rows = new ArrayList<>();
        for (ObjectNode row : all) {
            if (!conditions.isEmpty()
                    && !conditions.contains(
                            row.path("condition_id").asText().toLowerCase(java.util.Locale.ROOT))) {
                continue;
            }
            JsonNode amount = row.get(cash ? "current_value" : "current_size");
            boolean unreadable = amount == null || !(amount.isNumber() || isNumeric(amount));
            if ((unreadable || decimal(amount).compareTo(floor) >= 0) && matches(row, status)) {
                rows.add(row);
            }
        }
        rows.sort(order);
        String cursor = FakeDataApi.first(query, "cursor");
        int start = 0;
        if (cursor != null) {
            JsonNode params = decodeCursor(cursor);
            if (params == null) {
                return FakeAnswer.error(400, null, "cursor", "invalid cursor");
            }
            if (!params.path("av").asText().equals(user)
                    || !params.path("st").asText().equals(status)
                    || !params.path("s").asText().equals(sort)
                    || !params.path("dir").asText().equals(dir)) {
                return FakeAnswer.error(400, null, "cursor", "cursor does not match the query");
            }
            ObjectNode anchor = FakeDataApi.JSON.createObjectNode();
            anchor.put(field, new BigDecimal(params.path("k").asText()));
            anchor.put("token_id", params.path("t").asText());
            while (start < rows.size() && order.compare(rows.get(start), anchor) <= 0) {
                start++;
            }
        }
        int end = Math.min(rows.size(), start + Math.min(limit, maxPageSize));
        boolean more = end < rows.size();
        ObjectNode root = FakeDataApi.JSON.createObjectNode();
        ArrayNode data = root.putArray("data");
        for (ObjectNode row : rows.subList(start, end)) {
            ObjectNode served = row.deepCopy();
            served.putObject("unknown_row_field").putArray("clients_must_ignore").add(1);
            data.add(served);
        }
        ObjectNode pagination = root.putObject("pagination");
        pagination.put("limit", limit);
        pagination.put("offset", 0);
        pagination.put("has_more", more);
        if (more && stuckCursor && cursor != null) {
            pagination.put("next_cursor", cursor);
        } else if (more) {
            ObjectNode last = rows.get(end - 1);
            pagination.put(
                    "next_cursor", encodeCursor(user, last, field, status, sort, dir, limit));
        } else {
            pagination.putNull("next_cursor");
        }
        root.put("unknown_top_level_field", "clients must ignore this");
        return FakeAnswer.json(200, root.toString());
    }

    private static boolean matches(ObjectNode row, String status) {
        boolean redeemable = row.path("redeemable").asBoolean(false);
        return switch (status) {
            case "CLOSED" -> row.path("status").asText().equals("CLOSED");
            case "REDEEMABLE" -> redeemable;
            case "REDEEMABLE_LOST" -> redeemable && decimal(row.get("current_price")).signum() == 0;
            case "MERGEABLE" -> row.path("mergeable").asBoolean(false);
            default -> !row.path("status").asText().equals("CLOSED");
        };
    }

    private static String encodeCursor(
            String user,
            ObjectNode last,
            String field,
            String status,
            String sort,
            String dir,
            int limit) {
        ObjectNode data = FakeDataApi.JSON.createObjectNode();
        data.put("type", "positions");
        ObjectNode params = data.putObject("params");
        params.put("l", limit);
        params.put("k", decimal(last.get(field)).toPlainString());
        params.put("t", last.path("token_id").asText());
        params.put("a", "u");
        params.put("av", user);
        params.put("st", status);
        params.put("s", sort);
        params.put("dir", dir);
        ObjectNode cursor = FakeDataApi.JSON.createObjectNode();
        cursor.set("data", data);
        cursor.put("sig", sign(data.toString()));
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(cursor.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor's params, or null when it is not one of ours (garbled or tampered with). */
    private static JsonNode decodeCursor(String cursor) {
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(cursor);
            JsonNode root = FakeDataApi.JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
            JsonNode data = root.path("data");
            if (!data.isObject() || !sign(data.toString()).equals(root.path("sig").asText())) {
                return null;
            }
            return data.path("params");
        } catch (IllegalArgumentException | IOException e) {
            return null;
        }
    }

    private static String sign(String data) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] hash = sha.digest((SECRET + data).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String param(Map<String, List<String>> query, String name, String absent) {
        String value = FakeDataApi.first(query, name);
        return value == null || value.isEmpty() ? absent : value.toUpperCase(java.util.Locale.ROOT);
    }

    private static boolean isNumeric(JsonNode node) {
        try {
            new BigDecimal(node.asText().strip());
            return node.isTextual();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A number field as a decimal; 0 when missing or unreadable (it still sorts somewhere). */
    static BigDecimal decimal(JsonNode node) {
        if (node == null || node.isNull()) {
            return BigDecimal.ZERO;
        }
        try {
            return node.isNumber() ? node.decimalValue() : new BigDecimal(node.asText().strip());
        } catch (NumberFormatException e) {
            return BigDecimal.ZERO;
        }
    }
}
