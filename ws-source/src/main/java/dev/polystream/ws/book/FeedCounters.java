package dev.polystream.ws.book;

import dev.polystream.ws.protocol.EventType;
import dev.polystream.ws.protocol.ParseErrorKind;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The counters of a {@link MarketFeedProcessor}: written by one thread at a time (the processor's,
 * or whoever holds the lock guarding an accumulator), readable from any thread. Opaque accesses
 * keep the hot path free of fences: a reader may see a value a few frames old, never a torn one.
 */
public final class FeedCounters {

    /** Scalar counters. */
    public enum Counter {
        /** Every frame handed in. */
        FRAMES,
        /** Frames carrying JSON (what the data watchdog counts). */
        DATA_FRAMES,
        /** Frames that are neither JSON nor a known control string (see the parse errors). */
        MALFORMED_FRAMES,
        /** Event objects read. */
        EVENTS,
        /** Ticks produced. */
        TICKS,
        /** Problems found in frames (a frame may have several). */
        PARSE_ERRORS,
        /** Events of an unknown {@code event_type}. */
        UNKNOWN_EVENTS,
        /** Events or {@code price_changes} entries for tokens not subscribed. */
        DROPPED_UNSUBSCRIBED,
        /** Tops with bid &ge; ask that were not published. */
        CROSSED_TOPS_REFUSED,
        /**
         * Legacy {@code price_change}s (no entry BBO) on a book without a snapshot: applied, no
         * tick, since a fragment of levels cannot tell the top.
         */
        PARTIAL_BOOK_UPDATES,
        /** Book hashes compared (§2.9). */
        HASH_CHECKS,
        /** Comparisons that failed. */
        HASH_MISMATCHES,
        /** Fresh snapshots asked for after repeated mismatches on a token. */
        HASH_RESYNCS,
        /** Text {@code PONG} frames. */
        PONGS,
        /** Text {@code INVALID OPERATION} frames. */
        INVALID_OPERATIONS,
        /** Text {@code NO NEW ASSETS} frames. */
        NO_NEW_ASSETS,
        /** Internal failures while applying a frame (bugs; the frame is skipped). */
        PROCESSING_ERRORS,
        /** Snapshot last trade prices read as {@code 1 - p} (see {@code MarketFeedProcessor}). */
        SNAPSHOT_TRADES_MIRRORED
    }

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final Counter[] COUNTERS = Counter.values();
    private static final EventType[] EVENT_TYPES = EventType.values();
    private static final ParseErrorKind[] ERROR_KINDS = ParseErrorKind.values();
    private static final int EVENT_BASE = COUNTERS.length;
    private static final int ERROR_BASE = EVENT_BASE + EVENT_TYPES.length;
    private static final int SIZE = ERROR_BASE + ERROR_KINDS.length;

    private final long[] values = new long[SIZE];

    // --------------------------------------------------------------------------------------
    // Writers: one thread at a time.

    void add(Counter counter, long delta) {
        addAt(counter.ordinal(), delta);
    }

    void increment(Counter counter) {
        addAt(counter.ordinal(), 1L);
    }

    void event(EventType type) {
        addAt(EVENT_BASE + type.ordinal(), 1L);
    }

    void parseError(ParseErrorKind kind) {
        addAt(ERROR_BASE + kind.ordinal(), 1L);
        addAt(Counter.PARSE_ERRORS.ordinal(), 1L);
    }

    /** Adds every counter of {@code other} to this one (to keep a closed connection's counts). */
    public void addAll(FeedCounters other) {
        for (int i = 0; i < SIZE; i++) {
            long delta = other.getAt(i);
            if (delta != 0) {
                addAt(i, delta);
            }
        }
    }

    private void addAt(int index, long delta) {
        // Single writer: a plain read of its own last write, an opaque write for the readers.
        LONGS.setOpaque(values, index, values[index] + delta);
    }

    // --------------------------------------------------------------------------------------
    // Readers: any thread.

    public long get(Counter counter) {
        return getAt(counter.ordinal());
    }

    public long events(EventType type) {
        return getAt(EVENT_BASE + type.ordinal());
    }

    public long parseErrors(ParseErrorKind kind) {
        return getAt(ERROR_BASE + kind.ordinal());
    }

    private long getAt(int index) {
        return (long) LONGS.getOpaque(values, index);
    }

    /** A snapshot of the counters, with the number of books held now. */
    public FeedStats stats(int books) {
        Map<String, Long> byType = new LinkedHashMap<>();
        for (EventType type : EVENT_TYPES) {
            byType.put(type.wireName(), events(type));
        }
        Map<ParseErrorKind, Long> byKind = new EnumMap<>(ParseErrorKind.class);
        for (ParseErrorKind kind : ERROR_KINDS) {
            byKind.put(kind, parseErrors(kind));
        }
        return new FeedStats(
                get(Counter.FRAMES),
                get(Counter.DATA_FRAMES),
                get(Counter.MALFORMED_FRAMES),
                get(Counter.EVENTS),
                byType,
                get(Counter.TICKS),
                get(Counter.PARSE_ERRORS),
                byKind,
                get(Counter.UNKNOWN_EVENTS),
                get(Counter.DROPPED_UNSUBSCRIBED),
                get(Counter.CROSSED_TOPS_REFUSED),
                get(Counter.PARTIAL_BOOK_UPDATES),
                get(Counter.HASH_CHECKS),
                get(Counter.HASH_MISMATCHES),
                get(Counter.HASH_RESYNCS),
                get(Counter.PONGS),
                get(Counter.INVALID_OPERATIONS),
                get(Counter.NO_NEW_ASSETS),
                get(Counter.PROCESSING_ERRORS),
                get(Counter.SNAPSHOT_TRADES_MIRRORED),
                books);
    }
}
