package dev.polystream.ws.book;

import dev.polystream.ws.protocol.ParseErrorKind;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A snapshot of a {@link MarketFeedProcessor}'s counters.
 *
 * @param frames every frame handed in
 * @param dataFrames frames carrying JSON (what the data watchdog counts)
 * @param malformedFrames frames that are neither JSON nor a control string; every frame is exactly
 *     one of data, malformed, {@code PONG}, {@code INVALID OPERATION} or {@code NO NEW ASSETS}
 * @param events event objects read
 * @param eventsByType events read, by {@code event_type}: every known type, and {@code unknown}
 * @param ticks ticks produced
 * @param parseErrors problems found (a frame may have several)
 * @param parseErrorsByKind the same by kind
 * @param unknownEvents events of an unknown {@code event_type}
 * @param droppedUnsubscribed events or {@code price_changes} entries for tokens not subscribed
 * @param crossedTopsRefused tops with bid &ge; ask that were not published
 * @param partialBookUpdates legacy changes to a book without snapshot (applied, no tick)
 * @param hashChecks book hashes compared (§2.9)
 * @param hashMismatches comparisons that failed (a hint)
 * @param hashResyncs fresh snapshots asked for after repeated mismatches on a verified token
 * @param pongs text {@code PONG} frames
 * @param invalidOperations text {@code INVALID OPERATION} frames
 * @param noNewAssets text {@code NO NEW ASSETS} frames
 * @param processingErrors internal failures while applying a frame (bugs; frame skipped)
 * @param snapshotTradesMirrored snapshot last trade prices read as {@code 1 - p}: the wire's is in
 *     the other outcome's terms (see {@code MarketFeedProcessor})
 * @param books books held now
 */
public record FeedStats(
        long frames,
        long dataFrames,
        long malformedFrames,
        long events,
        Map<String, Long> eventsByType,
        long ticks,
        long parseErrors,
        Map<ParseErrorKind, Long> parseErrorsByKind,
        long unknownEvents,
        long droppedUnsubscribed,
        long crossedTopsRefused,
        long partialBookUpdates,
        long hashChecks,
        long hashMismatches,
        long hashResyncs,
        long pongs,
        long invalidOperations,
        long noNewAssets,
        long processingErrors,
        long snapshotTradesMirrored,
        int books) {

    public FeedStats {
        eventsByType = Collections.unmodifiableMap(new LinkedHashMap<>(eventsByType));
        parseErrorsByKind = Map.copyOf(parseErrorsByKind);
    }

    /** Errors of one kind; 0 when none. */
    public long parseErrors(ParseErrorKind kind) {
        return parseErrorsByKind.getOrDefault(kind, 0L);
    }

    /** Events of one {@code event_type}; 0 when none. */
    public long events(String eventType) {
        return eventsByType.getOrDefault(eventType, 0L);
    }
}
