package dev.polystream.ws.auth;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Full L2 credentials for the signer {@code address}: every request carries the HMAC {@link
 * L2Signature} and the key and passphrase headers.
 */
public record L2Credentials(ApiCredentials credentials, String address) implements ClobCredentials {

    public L2Credentials {
        Objects.requireNonNull(credentials, "credentials");
        address = Addresses.normalise(address);
        L2Signature.decodeSecret(credentials.secret());
    }

    @Override
    public Map<String, String> headers(
            String method, String requestPath, String body, long epochSeconds) {
        String timestamp = Long.toString(epochSeconds);
        String m = method.toUpperCase(Locale.ROOT);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("POLY_ADDRESS", address);
        h.put(
                "POLY_SIGNATURE",
                L2Signature.sign(credentials.secret(), timestamp, m, requestPath, body));
        h.put("POLY_TIMESTAMP", timestamp);
        h.put("POLY_API_KEY", credentials.apiKey());
        h.put("POLY_PASSPHRASE", credentials.passphrase());
        return h;
    }

    @Override
    public String toString() {
        return "L2Credentials[" + address + ", key " + credentials.keyHint() + "]";
    }
}
