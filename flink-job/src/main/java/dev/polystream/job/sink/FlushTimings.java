package dev.polystream.job.sink;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.LongSupplier;

/**
 * Where one flush's time went: the wall time of each statement of {@link PriceStatements}, per part
 * (one part per table, plus the candles, settlement, confirmations and the commit). The writer logs
 * it at DEBUG and publishes the last flush's figures as gauges.
 */
final class FlushTimings {

    /** The parts of a flush, in the order they run. */
    static final String[] PARTS = {
        "candles",
        "price_bars_1s",
        "token_prices",
        "markets",
        "positions",
        "settlement",
        "confirmations",
        "commit"
    };

    /** A step of a flush that talks to the database. */
    @FunctionalInterface
    interface Step<T> {
        T run() throws SQLException;
    }

    private final Map<String, Long> nanos = new LinkedHashMap<>();
    private final LongSupplier clock;

    /** Wall time. */
    FlushTimings() {
        this(System::nanoTime);
    }

    /** Time by another clock in nanoseconds, e.g. CPU time for a probe on a busy machine. */
    FlushTimings(LongSupplier clock) {
        this.clock = clock;
    }

    /** Runs a step and adds its time to a part. */
    <T> T time(String part, Step<T> step) throws SQLException {
        long started = clock.getAsLong();
        try {
            return step.run();
        } finally {
            nanos.merge(part, clock.getAsLong() - started, Long::sum);
        }
    }

    /** Milliseconds spent in a part (0 when it did not run). */
    double millis(String part) {
        return nanos.getOrDefault(part, 0L) / 1e6;
    }

    /** Milliseconds spent in every part. */
    double totalMillis() {
        return nanos.values().stream().mapToLong(Long::longValue).sum() / 1e6;
    }

    @Override
    public String toString() {
        StringJoiner line = new StringJoiner(", ");
        nanos.forEach((part, ns) -> line.add(part + " " + Math.round(ns / 1e5) / 10.0 + " ms"));
        return line.toString();
    }
}
