package dev.polystream.ws.rest;

import dev.polystream.ws.protocol.BookEvent;
import dev.polystream.ws.protocol.MarketEvent;
import dev.polystream.ws.protocol.MarketMessageParser;
import dev.polystream.ws.protocol.ParseError;
import dev.polystream.ws.protocol.ParsedFrame;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The part of Polymarket's CLOB REST API the fallback needs (§4): {@code POST /books}. Plain JDK
 * {@link HttpClient}; bodies parsed by {@link MarketMessageParser#parseBooks} into the same {@link
 * BookEvent}s the market channel produces. Thread-safe.
 *
 * <p>Quirks handled: at most {@value #MAX_BOOKS_PER_REQUEST} ids per request (501 gets a 400); the
 * response order is not the request order and unknown tokens are silently dropped, so books are
 * keyed by {@code asset_id}; Cloudflare refuses some default user agents, so one is always sent.
 */
public final class ClobRestClient {

    /** Largest {@code POST /books} request the server accepts. */
    public static final int MAX_BOOKS_PER_REQUEST = 500;

    private static final String USER_AGENT = "polystream-ws-source";

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param base e.g. {@code https://clob.polymarket.com} (a trailing slash is fine)
     * @param timeout bounds the connect and each response
     */
    public ClobRestClient(URI base, Duration timeout) {
        this.base = Objects.requireNonNull(base, "base");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = RestText.httpClient(timeout, true);
    }

    /** The result of one {@link #books} call. */
    public record Books(Map<String, BookEvent> byToken, int requests, List<ParseError> problems) {}

    /** Failed HTTP exchange: a status other than 200, or a transport error. */
    public static final class RestException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        RestException(int status, String message) {
            super(message);
            this.status = status;
        }

        /** The HTTP status; 0 when no response came. */
        public int status() {
            return status;
        }
    }

    /**
     * {@code POST /books} for these tokens, in chunks of at most {@value #MAX_BOOKS_PER_REQUEST}
     * sent one after the other (the endpoint's rate limit is 500 per 10 s). Completes with the
     * books the server knows, keyed by token; exceptionally with a {@link RestException} if a chunk
     * fails.
     */
    public CompletableFuture<Books> books(Collection<String> tokenIds) {
        List<String> tokens = List.copyOf(new LinkedHashSet<>(tokenIds));
        Map<String, BookEvent> byToken = new LinkedHashMap<>();
        List<ParseError> problems = new ArrayList<>();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        int requests = 0;
        for (int from = 0; from < tokens.size(); from += MAX_BOOKS_PER_REQUEST) {
            List<String> chunk =
                    tokens.subList(from, Math.min(tokens.size(), from + MAX_BOOKS_PER_REQUEST));
            requests++;
            chain =
                    chain.thenCompose(ignored -> postBooks(chunk))
                            .thenAccept(
                                    parsed -> {
                                        synchronized (byToken) {
                                            for (MarketEvent event : parsed.events()) {
                                                BookEvent book = (BookEvent) event;
                                                byToken.put(book.assetId(), book);
                                            }
                                            problems.addAll(parsed.errors());
                                        }
                                    });
        }
        int sent = requests;
        return chain.thenApply(
                ignored -> {
                    synchronized (byToken) {
                        return new Books(Map.copyOf(byToken), sent, List.copyOf(problems));
                    }
                });
    }

    /** The request body of {@code POST /books}: {@code [{"token_id":"..."},...]}. */
    static String booksRequest(List<String> tokens) {
        StringBuilder body = new StringBuilder(2 + tokens.size() * 96);
        body.append('[');
        for (int i = 0; i < tokens.size(); i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append("{\"token_id\":\"");
            // Token ids are decimal strings; escape anyway rather than trust the caller.
            for (char c : tokens.get(i).toCharArray()) {
                if (c == '"' || c == '\\') {
                    body.append('\\');
                }
                if (c >= 0x20) {
                    body.append(c);
                }
            }
            body.append("\"}");
        }
        return body.append(']').toString();
    }

    private CompletableFuture<ParsedFrame> postBooks(List<String> tokens) {
        HttpRequest request =
                HttpRequest.newBuilder(RestText.resolve(base, "books"))
                        .timeout(timeout)
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json")
                        .header("User-Agent", USER_AGENT)
                        .POST(
                                HttpRequest.BodyPublishers.ofString(
                                        booksRequest(tokens), StandardCharsets.UTF_8))
                        .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .handle(
                        (response, error) -> {
                            if (error != null) {
                                throw new RestException(
                                        0, "POST /books failed: " + RestText.rootCause(error));
                            }
                            if (response.statusCode() != 200) {
                                throw new RestException(
                                        response.statusCode(),
                                        "POST /books answered "
                                                + response.statusCode()
                                                + ": "
                                                + RestText.abbreviate(response.body()));
                            }
                            // The parser caches text and is not thread-safe: one per response.
                            ParsedFrame parsed =
                                    new MarketMessageParser().parseBooks(response.body());
                            List<MarketEvent> books = new ArrayList<>();
                            for (MarketEvent event : parsed.events()) {
                                if (event instanceof BookEvent) {
                                    books.add(event);
                                }
                            }
                            return new ParsedFrame(parsed.kind(), books, parsed.errors());
                        });
    }
}
