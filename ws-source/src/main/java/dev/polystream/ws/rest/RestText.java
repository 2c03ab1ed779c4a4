package dev.polystream.ws.rest;

import java.net.URI;

/**
 * What the CLOB REST clients share: a path under the base URL, and failures told in one line.
 * Public for the user's own-data client ({@code ws.user.ClobTradesClient}).
 */
public final class RestText {

    private RestText() {}

    /** {@code pathAndQuery} under {@code base}, with exactly one slash between them. */
    public static URI resolve(URI base, String pathAndQuery) {
        String text = base.toString();
        return URI.create(text.endsWith("/") ? text + pathAndQuery : text + "/" + pathAndQuery);
    }

    /** The innermost cause, for a one-line message. */
    public static String rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return String.valueOf(cause);
    }

    /** A response body cut to 200 characters for a message. */
    public static String abbreviate(String body) {
        if (body == null) {
            return "";
        }
        return body.length() <= 200 ? body : body.substring(0, 200) + "...";
    }
}
