package dev.polystream.ws.protocol;

import java.util.Objects;

/** One problem found in a frame: its kind and a short human-readable detail. */
public record ParseError(ParseErrorKind kind, String detail) {

    public ParseError {
        Objects.requireNonNull(kind, "kind");
    }
}
