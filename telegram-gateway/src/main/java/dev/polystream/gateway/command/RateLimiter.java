package dev.polystream.gateway.command;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** At most N commands and taps per user per sliding minute. */
public final class RateLimiter {

    private static final long WINDOW_NANOS = 60_000_000_000L;

    private final int perMinute;
    private final Map<Long, Window> users = new ConcurrentHashMap<>();

    private static final class Window {
        final ArrayDeque<Long> times = new ArrayDeque<>();
        long warnedAt = Long.MIN_VALUE;
    }

    public RateLimiter(int perMinute) {
        this.perMinute = perMinute;
    }

    /** The outcome of one request. */
    public enum Decision {
        ALLOW,
        /** Over the limit: refuse and tell the user (once per window). */
        REFUSE_AND_WARN,
        /** Over the limit and already told: drop silently. */
        DROP
    }

    public Decision check(long userId) {
        long now = System.nanoTime();
        Window w = users.computeIfAbsent(userId, id -> new Window());
        synchronized (w) {
            while (!w.times.isEmpty() && now - w.times.peekFirst() > WINDOW_NANOS) {
                w.times.pollFirst();
            }
            if (w.times.size() < perMinute) {
                w.times.addLast(now);
                return Decision.ALLOW;
            }
            if (w.warnedAt == Long.MIN_VALUE || now - w.warnedAt > WINDOW_NANOS) {
                w.warnedAt = now;
                return Decision.REFUSE_AND_WARN;
            }
            return Decision.DROP;
        }
    }

    public int perMinute() {
        return perMinute;
    }
}
