package dev.polystream.gateway.testutils;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/** One answer of {@link FakeDataApi}: status, body, headers to set, and how late to send it. */
record FakeAnswer(int status, String contentType, String body, Integer retryAfter, Duration delay) {

    static FakeAnswer json(int status, String body) {
        return new FakeAnswer(status, "application/json", body, null, Duration.ZERO);
    }

    /** The §15 error body for {@code status}. */
    static FakeAnswer error(int status, Integer retryAfter, String parameter, String message) {
        String code =
                switch (status) {
                    case 400 -> "invalid_request";
                    case 401, 403 -> "unauthorized";
                    case 404 -> "not_found";
                    case 405 -> "method_not_allowed";
                    case 408, 504 -> "request_timeout";
                    case 429 -> "rate_limited";
                    case 502, 503 -> "dependency_unavailable";
                    default -> "internal";
                };
        ObjectNode body = FakeDataApi.JSON.createObjectNode();
        body.put("error", message);
        body.put("code", code);
        body.put("retryable", status == 429 || status >= 500);
        body.put("trace_id", Long.toHexString(System.nanoTime()) + "fake");
        if (parameter != null) {
            body.put("parameter", parameter);
        }
        return new FakeAnswer(
                status, "application/json", body.toString(), retryAfter, Duration.ZERO);
    }
}
