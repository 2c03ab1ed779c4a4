package dev.polystream.ws.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads market-channel text frames into {@link MarketEvent}s in one pass and without a tree. Never
 * throws on bad input: problems come back as {@link ParseError}s in the {@link ParsedFrame}.
 *
 * <p>The parts: {@link FrameClassifier} sorts out empty, control and non-JSON frames; the measured
 * fast path {@link PriceChangeFastPath} reads the hot {@code price_change} frames without Jackson;
 * everything else goes to {@link EventReader} (Jackson's streaming parser), which accumulates each
 * object's {@link EventFields} and hands them to one assembler per event type; {@link
 * ScalarReader}, {@link ArrayReader} and {@link ScalarDecoder} decode the values.
 *
 * <p>Tolerance rules (see the protocol notes §2.5, §2.6, §2.8): the control strings are matched
 * after trimming and case-insensitively; frames may be a single object or an array; unknown fields
 * and unknown {@code event_type}s are skipped; numbers are accepted as JSON strings (the wire form)
 * or JSON numbers; {@code ""} in an optional decimal means "absent".
 *
 * <p>Not thread-safe: an instance caches recurring ids and prices between frames. Use one per
 * thread (a {@code MarketFeedProcessor} owns one).
 */
public final class MarketMessageParser {

    /** Classifies the plain-text control frames; null for anything else (JSON or not). */
    public static FrameKind controlFrame(String frame) {
        return FrameClassifier.controlFrame(frame);
    }

    /**
     * {@link #controlFrame(String)} of a frame's UTF-8 bytes; decodes only a short non-JSON one.
     */
    public static FrameKind controlFrame(byte[] utf8, int length) {
        return FrameClassifier.controlFrame(utf8, length);
    }

    private final EventReader reader;
    private final PriceChangeFastPath fastPath;

    /** A parser that keeps every field it models. */
    public MarketMessageParser() {
        this(true);
    }

    /**
     * @param entryHashes false to leave {@link PriceChange#hash()} null: the per-entry hashes are
     *     the one field of the hot {@code price_change} path that only hash verification reads, and
     *     reading them costs two strings per message
     */
    public MarketMessageParser(boolean entryHashes) {
        this(entryHashes, true);
    }

    /**
     * @param fastPath false to read every frame with Jackson (to compare the two paths)
     */
    MarketMessageParser(boolean entryHashes, boolean fastPath) {
        TextCache cache = new TextCache(4096, 4096);
        this.reader = new EventReader(cache, entryHashes);
        this.fastPath = fastPath ? new PriceChangeFastPath(cache, entryHashes) : null;
    }

    /** Parses one frame exactly as received. */
    public ParsedFrame parse(String frame) {
        ParsedFrame notJson = FrameClassifier.nonJson(frame);
        if (notJson != null) {
            return notJson;
        }
        if (fastPath != null && FrameClassifier.firstNonWhitespace(frame) == '{') {
            PriceChangeEvent event = fastPath.parse(frame);
            if (event != null) {
                return single(event);
            }
        }
        return reader.readObjects(frame, null, "frame");
    }

    /**
     * Parses one frame from its UTF-8 bytes {@code utf8[0, length)}, read only during the call: the
     * hot {@code price_change} frames straight from the bytes, anything else decoded (malformed
     * sequences as U+FFFD) and read like {@link #parse(String)}.
     */
    public ParsedFrame parse(byte[] utf8, int length) {
        if (fastPath != null && FrameClassifier.firstNonWhitespace(utf8, length) == '{') {
            PriceChangeEvent event = fastPath.parse(utf8, 0, length);
            if (event != null) {
                return single(event);
            }
        }
        String frame = new String(utf8, 0, length, StandardCharsets.UTF_8);
        ParsedFrame notJson = FrameClassifier.nonJson(frame);
        return notJson != null ? notJson : reader.readObjects(frame, null, "frame");
    }

    private static ParsedFrame single(PriceChangeEvent event) {
        return new ParsedFrame(FrameKind.JSON, List.of(event), List.of());
    }

    /**
     * Parses a CLOB REST body holding {@code OrderBookSummary} objects ({@code POST /books}: an
     * array; {@code GET /book}: one object) into {@link BookEvent}s carrying {@code min_order_size}
     * and {@code neg_risk}. Never throws; {@code {"error":...}} bodies and other surprises come
     * back as errors.
     */
    public ParsedFrame parseBooks(String body) {
        if (body == null || body.isBlank()) {
            return ParsedFrame.malformed(ParseErrorKind.EMPTY_FRAME, "empty body");
        }
        return reader.readObjects(body, BookEvent.TYPE, "body");
    }
}
