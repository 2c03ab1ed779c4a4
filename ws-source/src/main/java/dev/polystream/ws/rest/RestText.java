package dev.polystream.ws.rest;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * What the CLOB REST clients share: the HTTP client, a path under the base URL, and failures told
 * in one line. Public for the user's own-data client ({@code ws.user.ClobTradesClient}).
 */
public final class RestText {

    private RestText() {}

    /**
     * The JDK client every CLOB client uses: HTTP/1.1, {@code timeout} to connect.
     *
     * @param followRedirects false for requests that carry credentials: their headers never reach
     *     another location
     */
    public static HttpClient httpClient(Duration timeout, boolean followRedirects) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(
                        followRedirects ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER)
                .build();
    }

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
