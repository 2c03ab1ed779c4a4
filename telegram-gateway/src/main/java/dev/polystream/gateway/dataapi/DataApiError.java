package dev.polystream.gateway.dataapi;

/**
 * The Data API's error body (protocol §15): {@code {"error", "code", "retryable", "trace_id",
 * "parameter"?}}. Every field may be missing (an error page from the CDN has none of them).
 *
 * @param error the human-readable message, null when missing
 * @param code one of {@code invalid_request} (400), {@code unauthorized}, {@code not_found} (404),
 *     {@code method_not_allowed} (405), {@code rate_limited} (429), {@code internal} (500), {@code
 *     request_timeout}, {@code dependency_unavailable} (503); null when missing
 * @param retryable the API's own verdict, null when missing
 * @param traceId the API's {@code trace_id}, to quote when reporting a problem; null when missing
 * @param parameter the offending query parameter of an {@code invalid_request}, null when missing
 */
public record DataApiError(
        String error, String code, Boolean retryable, String traceId, String parameter) {

    /** A body that said nothing readable. */
    public static final DataApiError NONE = new DataApiError(null, null, null, null, null);
}
