package dev.polystream.gateway.testutils;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The faults scripted on a {@link FakeDataApi}, used up in the order they were added. */
final class FakeDataApiFaults {

    enum Type {
        PASS,
        FAIL,
        TRUNCATE,
        MALFORMED,
        DATA_NULL,
        HANG
    }

    /** One fault as applied to one request. */
    record Fault(Type type, int status, Integer retryAfter, Duration delay) {}

    private static final class Scripted {
        final String route;
        final Fault fault;
        int left;

        Scripted(String route, Fault fault, int left) {
            this.route = route;
            this.fault = fault;
            this.left = left;
        }
    }

    private final List<Scripted> scripted = new ArrayList<>();

    /** The next {@code n} requests (to {@code route}, or to any route when null) get this fault. */
    synchronized void add(
            String route, int n, Type type, int status, Integer retryAfter, Duration delay) {
        if (n < 1) {
            throw new IllegalArgumentException("A fault applies to at least one request");
        }
        scripted.add(
                new Scripted(
                        route,
                        new Fault(type, status, retryAfter, delay == null ? Duration.ZERO : delay),
                        n));
    }

    /** The fault for one request to {@code path}, used up; null when none applies. */
    /** Drops every fault not yet used. */
    synchronized void clear() {
        scripted.clear();
    }

    synchronized Fault take(String path) {
        Iterator<Scripted> it = scripted.iterator();
        while (it.hasNext()) {
            Scripted s = it.next();
            if (s.route == null || s.route.equals(path)) {
                if (--s.left == 0) {
                    it.remove();
                }
                return s.fault;
            }
        }
        return null;
    }
}
