package dev.polystream.ws.testing;

import static dev.polystream.ws.testing.WireFrames.error;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystream.ws.auth.L2Signature;
import dev.polystream.ws.testing.ClobRestHandler.RestReply;
import dev.polystream.ws.testing.FakeClobAccounts.L2Account;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CLOB's own-data routes of the fake (§16): {@code GET /data/trades} checks the L2 headers
 * (known key, passphrase, address, and the HMAC recomputed over timestamp + {@code GET} + path) or
 * a read-only key, then pages the key's history with base64 offset cursors ({@code MA==} first,
 * {@code LTE=} after the last), statuses written {@code TRADE_STATUS_<S>}; {@code GET
 * /auth/validate-readonly-api-key?address=&key=} says whether a read-only key is the address's.
 */
final class UserRestHandler {

    static final String TRADES = "/data/trades";
    static final String VALIDATE = "/auth/validate-readonly-api-key";
    private static final String UNAUTHORIZED = "Unauthorized/Invalid api key";

    private final FakeUserChannel user;

    UserRestHandler(FakeUserChannel user) {
        this.user = user;
    }

    static boolean handles(String path) {
        return path.equals(TRADES) || path.equals(VALIDATE);
    }

    RestReply reply(String method, String path, Map<String, List<String>> query, HttpHeaders h) {
        if (!method.equals("GET")) {
            return new RestReply(405, error("method not allowed"));
        }
        if (path.equals(VALIDATE)) {
            String key = first(query, "key");
            String address = first(query, "address").toLowerCase();
            Optional<String> owner = user.accounts().readOnlyAddress(key);
            if (owner.isEmpty()) {
                return new RestReply(401, error("Invalid API key"));
            }
            return new RestReply(200, "{\"valid\":" + owner.get().equals(address) + "}");
        }
        List<String> keys = authenticate(h);
        if (keys == null) {
            return new RestReply(401, error(UNAUTHORIZED));
        }
        return new RestReply(200, page(keys, query));
    }

    /** The history keys the headers give access to; null when they are refused. */
    private List<String> authenticate(HttpHeaders h) {
        String address = h.get("POLY_ADDRESS", "").toLowerCase();
        String apiKey = h.get("POLY_API_KEY");
        if (apiKey != null) {
            Optional<L2Account> account = user.accounts().l2(apiKey);
            String timestamp = h.get("POLY_TIMESTAMP", "");
            if (account.isEmpty()
                    || timestamp.isEmpty()
                    || !account.get().address().equals(address)
                    || !account.get().passphrase().equals(h.get("POLY_PASSPHRASE", ""))) {
                return null;
            }
            String expected =
                    L2Signature.sign(account.get().secret(), timestamp, "GET", TRADES, null);
            return expected.equals(h.get("POLY_SIGNATURE", "")) ? List.of(apiKey) : null;
        }
        String readOnly = h.get("POLY_READONLY_API_KEY");
        Optional<String> owner = user.accounts().readOnlyAddress(readOnly);
        if (owner.isEmpty() || !owner.get().equals(address)) {
            return null;
        }
        List<String> keys = new ArrayList<>(user.accounts().l2KeysOf(address));
        keys.add(readOnly);
        return keys;
    }

    private String page(List<String> keys, Map<String, List<String>> query) {
        List<ObjectNode> rows = user.history(keys);
        int offset = offset(first(query, "next_cursor"));
        int limit = user.pageSize();
        String asked = first(query, "limit");
        if (asked.matches("[0-9]{1,6}") && Integer.parseInt(asked) > 0) {
            limit = Math.min(limit, Integer.parseInt(asked));
        }
        int end = Math.min(rows.size(), offset + limit);
        ArrayNode data = WireFrames.JSON.createArrayNode();
        for (int i = offset; i < end; i++) {
            ObjectNode row = rows.get(i);
            row.remove("event_type");
            row.remove("type");
            row.put("status", "TRADE_STATUS_" + row.path("status").asText(""));
            data.add(row);
        }
        ObjectNode body = WireFrames.JSON.createObjectNode();
        body.put("limit", limit);
        body.put("next_cursor", end >= rows.size() ? "LTE=" : cursor(end));
        body.put("count", data.size());
        body.set("data", data);
        return body.toString();
    }

    private static int offset(String cursor) {
        if (cursor.isEmpty()) {
            return 0;
        }
        try {
            String text = new String(Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8);
            return Math.max(0, Integer.parseInt(text));
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }

    private static String cursor(int offset) {
        return Base64.getEncoder()
                .encodeToString(Integer.toString(offset).getBytes(StandardCharsets.UTF_8));
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }
}
