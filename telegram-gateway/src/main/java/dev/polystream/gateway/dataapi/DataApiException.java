package dev.polystream.gateway.dataapi;

import java.time.Duration;

/**
 * A Data API call that did not produce a complete answer. The message is one line meant for a log
 * (it never carries a response body longer than a short excerpt).
 */
public final class DataApiException extends RuntimeException {

    /** What went wrong, for callers that handle kinds differently. */
    public enum Kind {
        /** A 4xx other than 429: the API refused the request (see {@link #code()}). Not retried. */
        REFUSED,
        /** 429 or 5xx on every attempt. */
        UNAVAILABLE,
        /** Timeouts or connection failures on every attempt ({@link #status()} is 0). */
        TRANSPORT,
        /** A 2xx whose body is not the expected JSON (not JSON, truncated, wrong shape). */
        MALFORMED_BODY,
        /** A 3xx: redirects are never followed, so user input cannot reach another host. */
        REDIRECT,
        /** Paging did not end: too many pages, or a cursor seen before. */
        PAGING,
        /** The calling thread was interrupted, or the client was closed. */
        INTERRUPTED
    }

    private final Kind kind;
    private final int status;
    private final String code;
    private final Duration retryAfter;
    private final boolean retryable;

    public DataApiException(
            Kind kind,
            int status,
            String code,
            Duration retryAfter,
            boolean retryable,
            String message,
            Throwable cause) {
        super(oneLine(message), cause);
        this.kind = kind;
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
        this.retryable = retryable;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status of the last answer, 0 when there was none. */
    public int status() {
        return status;
    }

    /** The API's error {@code code} (e.g. {@code invalid_request}), null when it sent none. */
    public String code() {
        return code;
    }

    /** The last {@code Retry-After} the API sent (before any cap), null when none. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /**
     * True when the same call may succeed later (an outage, a rate limit, a garbled body); false
     * when repeating it is pointless (the API refused the request, paging cannot end, a redirect).
     */
    public boolean retryable() {
        return retryable;
    }

    /** A short, single-line excerpt of a body for a message: at most {@code max} characters. */
    static String excerpt(String body, int max) {
        if (body == null) {
            return "";
        }
        String flat = oneLine(body);
        return flat.length() <= max
                ? flat
                : flat.substring(0, max) + "… (" + body.length() + " chars)";
    }

    private static String oneLine(String text) {
        return text == null ? null : text.replaceAll("[\\r\\n\\t]+", " ").strip();
    }
}
