package dev.polystream.ws.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A read-only API key for {@code address} (§16): sent as {@code POLY_READONLY_API_KEY} with {@code
 * POLY_ADDRESS}, no signature. It reads orders and trades only.
 */
public record ReadOnlyKey(String key, String address) implements ClobCredentials {

    public ReadOnlyKey {
        Objects.requireNonNull(key, "key");
        key = key.strip();
        if (key.isEmpty() || key.length() > 200 || key.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(
                    "A read-only API key must be 1 to 200 characters without spaces");
        }
        address = Addresses.normalise(address);
    }

    @Override
    public Map<String, String> headers(
            String method, String requestPath, String body, long epochSeconds) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("POLY_ADDRESS", address);
        h.put("POLY_READONLY_API_KEY", key);
        return h;
    }

    /** The key's last four characters. */
    public String keyHint() {
        return "…" + key.substring(Math.max(0, key.length() - 4));
    }

    @Override
    public String toString() {
        return "ReadOnlyKey[" + address + ", key " + keyHint() + "]";
    }
}
