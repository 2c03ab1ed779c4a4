package dev.polystream.ws.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The CLOB's L2 request signature, as the official clients compute it (§16): {@code
 * base64url(HMAC-SHA256(base64url_decode(secret), timestamp + METHOD + requestPath + body))}, with
 * the {@code =} padding kept and the body left out when empty.
 */
public final class L2Signature {

    private L2Signature() {}

    /**
     * Signs one request.
     *
     * @param secret the L2 secret, standard or url-safe base64, padded or not
     * @param requestPath the path without the query string
     * @param body the exact body sent; null or empty for none
     * @throws IllegalArgumentException when the secret is not base64
     */
    public static String sign(
            String secret, String timestamp, String method, String requestPath, String body) {
        String message = timestamp + method + requestPath + (body == null ? "" : body);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(decodeSecret(secret), "HmacSHA256"));
            byte[] digest = mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Decodes a secret in either base64 alphabet, with or without padding. */
    static byte[] decodeSecret(String secret) {
        String urlSafe = secret.strip().replace('+', '-').replace('/', '_');
        int end = urlSafe.length();
        while (end > 0 && urlSafe.charAt(end - 1) == '=') {
            end--;
        }
        try {
            return Base64.getUrlDecoder().decode(urlSafe.substring(0, end));
        } catch (IllegalArgumentException e) {
            // Never echo the secret.
            throw new IllegalArgumentException("The secret is not base64", null);
        }
    }
}
