package dev.polystream.ws.protocol;

import java.util.List;

/**
 * The result of parsing one text frame. A JSON array may yield events and errors at once: elements
 * that could be read are kept, broken elements are reported. A frame that is not well-formed JSON
 * yields no events at all.
 */
public record ParsedFrame(FrameKind kind, List<MarketEvent> events, List<ParseError> errors) {

    static final ParsedFrame PONG = new ParsedFrame(FrameKind.PONG, List.of(), List.of());
    static final ParsedFrame INVALID_OPERATION =
            new ParsedFrame(FrameKind.INVALID_OPERATION, List.of(), List.of());
    static final ParsedFrame NO_NEW_ASSETS =
            new ParsedFrame(FrameKind.NO_NEW_ASSETS, List.of(), List.of());

    static ParsedFrame malformed(ParseErrorKind kind, String detail) {
        return new ParsedFrame(
                FrameKind.MALFORMED, List.of(), List.of(new ParseError(kind, detail)));
    }
}
