package dev.polystream.gateway.testutils;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Locale;

/**
 * The fake Bot API's failure injection: the next requests of a method answered with a status (429
 * with {@code retry_after}, 502, 5xx), a storm of 429s over a fraction of the requests, and late
 * answers to sendMessage. Thread-safe.
 */
final class FakeBotFaults {

    /** A failure to answer with, for the next matching requests. */
    record Injection(String method, int status, int retryAfter) {}

    private final ArrayDeque<Injection> injections = new ArrayDeque<>();
    private volatile String storm; // method name (lower case) or "*"
    private volatile int stormRetryAfter;
    private volatile double stormFraction;
    private volatile Duration answerDelay = Duration.ZERO;
    private final java.util.Random random = new java.util.Random(42);

    void failNext(String method, int count, int status, int retryAfter) {
        synchronized (injections) {
            for (int i = 0; i < count; i++) {
                injections.add(
                        new Injection(
                                method == null ? null : method.toLowerCase(Locale.ROOT),
                                status,
                                retryAfter));
            }
        }
    }

    void storm(String method, double fraction, int retryAfter) {
        stormRetryAfter = retryAfter;
        stormFraction = fraction;
        storm = method.toLowerCase(Locale.ROOT);
    }

    void calm() {
        storm = null;
    }

    void answerLate(Duration delay) {
        answerDelay = delay;
    }

    Duration answerDelay() {
        return answerDelay;
    }

    /** The failure the request of {@code method} (lower case) is to get, or null. */
    Injection injection(String method) {
        if (method.equals("getupdates") || method.equals("deletewebhook")) {
            synchronized (injections) {
                Injection first = injections.peek();
                if (first != null && method.equals(first.method())) {
                    return injections.poll();
                }
            }
            return null;
        }
        synchronized (injections) {
            for (var it = injections.iterator(); it.hasNext(); ) {
                Injection i = it.next();
                if (i.method() == null || i.method().equals(method)) {
                    it.remove();
                    return i;
                }
            }
        }
        String s = storm;
        if (s != null && (s.equals("*") || s.equals(method))) {
            synchronized (random) {
                if (random.nextDouble() < stormFraction) {
                    return new Injection(method, 429, stormRetryAfter);
                }
            }
        }
        return null;
    }
}
