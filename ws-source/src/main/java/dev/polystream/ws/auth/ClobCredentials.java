package dev.polystream.ws.auth;

import java.util.Map;

/**
 * What authenticates a trader's requests to the CLOB's own-data routes ({@code /data/trades}): full
 * L2 credentials (HMAC-signed headers) or a read-only API key (no signature). Either belongs to one
 * signer address, sent as {@code POLY_ADDRESS}.
 */
public sealed interface ClobCredentials permits L2Credentials, ReadOnlyKey {

    /** The address the key belongs to, lower case {@code 0x} + 40 hex. */
    String address();

    /**
     * The authentication headers for one request.
     *
     * @param method upper-case HTTP method
     * @param requestPath the path without the query string (what the server signs)
     * @param body the exact body sent, or null/empty for none
     * @param epochSeconds the request time, sent as {@code POLY_TIMESTAMP}
     */
    Map<String, String> headers(String method, String requestPath, String body, long epochSeconds);
}
