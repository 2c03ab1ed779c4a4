package dev.polystream.ws.protocol;

/** The first problem found inside one event object; the object is still read to its end. */
final class ElementError {
    ParseErrorKind kind;
    String detail;

    void fail(ParseErrorKind kind, String detail) {
        if (this.kind == null) {
            this.kind = kind;
            this.detail = detail;
        }
    }
}
