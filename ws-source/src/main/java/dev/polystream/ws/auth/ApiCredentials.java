package dev.polystream.ws.auth;

import java.util.Objects;

/**
 * A trader's CLOB L2 API credentials (§16): the key (a uuid), the HMAC secret (base64 or base64url)
 * and the passphrase. They read orders and trades and cannot place an order, but they are secrets:
 * {@link #toString()} shows only the key's last four characters, and nothing here logs them.
 *
 * @param apiKey the API key, sent as {@code POLY_API_KEY} and as the user channel's {@code apiKey}
 * @param secret the HMAC secret, never sent
 * @param passphrase sent as {@code POLY_PASSPHRASE}
 */
public record ApiCredentials(String apiKey, String secret, String passphrase) {

    private static final int MAX_LENGTH = 200;

    public ApiCredentials {
        apiKey = field("API key", apiKey);
        secret = field("secret", secret);
        passphrase = field("passphrase", passphrase);
    }

    private static String field(String name, String value) {
        Objects.requireNonNull(value, name);
        String v = value.strip();
        if (v.isEmpty() || v.length() > MAX_LENGTH || v.chars().anyMatch(Character::isWhitespace)) {
            // The value itself is never part of the message.
            throw new IllegalArgumentException(
                    "The " + name + " must be 1 to " + MAX_LENGTH + " characters without spaces");
        }
        return v;
    }

    /** The key's last four characters, enough for a trader to recognise which key is meant. */
    public String keyHint() {
        return "…" + apiKey.substring(Math.max(0, apiKey.length() - 4));
    }

    @Override
    public String toString() {
        return "ApiCredentials[key " + keyHint() + ", secret and passphrase hidden]";
    }
}
