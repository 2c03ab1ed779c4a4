package dev.polystream.ws.protocol;

import java.util.ArrayList;
import java.util.List;

/** The events and errors collected from one frame or body, created lazily (most frames: none). */
final class FrameResult {
    private final ElementError element = new ElementError();
    private List<MarketEvent> events;
    private List<ParseError> errors;

    /** The problem slot of the next event object, cleared. */
    ElementError element() {
        element.kind = null;
        element.detail = null;
        return element;
    }

    void add(MarketEvent event) {
        if (events == null) {
            events = new ArrayList<>(2);
        }
        events.add(event);
    }

    void error(ParseErrorKind kind, String detail) {
        if (errors == null) {
            errors = new ArrayList<>(1);
        }
        errors.add(new ParseError(kind, detail));
    }

    void missing(String eventType, String field) {
        error(ParseErrorKind.MISSING_FIELD, eventType + " without " + field);
    }

    List<MarketEvent> events() {
        return events == null ? List.of() : events;
    }

    List<ParseError> errors() {
        return errors == null ? List.of() : errors;
    }
}
