package dev.polystream.ws.gamma;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Polymarket's Gamma REST API (§5): the market catalogue, and public profiles (§14). Plain JDK
 * {@link HttpClient}, no retries (callers decide when to try again), no redirects followed.
 * Thread-safe.
 */
public final class GammaClient {

    /** Production base URL. */
    public static final URI DEFAULT_URL = URI.create("https://gamma-api.polymarket.com");

    /** Largest page Gamma serves. */
    public static final int MAX_PAGE_SIZE = 100;

    private final URI baseUrl;
    private final HttpClient http;
    private final Duration timeout;

    public GammaClient(URI baseUrl, Duration timeout) {
        if (baseUrl == null) {
            throw new IllegalArgumentException("No Gamma base URL given");
        }
        String text = baseUrl.toString();
        this.baseUrl = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.timeout = timeout;
        this.http =
                HttpClient.newBuilder()
                        .connectTimeout(timeout)
                        // Requests carry user input (addresses, slugs, search words): a redirect
                        // would hand it to a host nobody configured.
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /**
     * One page of active markets.
     *
     * @param cursor null for the first page, else the previous page's {@code next_cursor}
     * @param limit 1 to {@value #MAX_PAGE_SIZE}
     */
    public GammaPage marketsPage(String cursor, int limit) {
        return marketsPage(cursor, limit, java.util.Map.of());
    }

    /**
     * One page of active markets passing Gamma's own query filters (§5.1, e.g. {@code tag_id},
     * {@code volume_num_min}); the filters go in the order of the map's iteration.
     */
    public GammaPage marketsPage(String cursor, int limit, java.util.Map<String, String> filters) {
        int clamped = Math.max(1, Math.min(MAX_PAGE_SIZE, limit));
        String query = "limit=" + clamped;
        for (java.util.Map.Entry<String, String> filter : filters.entrySet()) {
            query += "&" + encode(filter.getKey()) + "=" + encode(filter.getValue());
        }
        if (cursor != null && !cursor.isEmpty()) {
            query += "&after_cursor=" + encode(cursor);
        }
        String body = get("/markets/keyset?" + query).orElse("{\"markets\":[]}");
        try {
            return GammaDecoder.keysetPage(body);
        } catch (IllegalArgumentException e) {
            throw new GammaException("Unreadable keyset page: " + e.getMessage(), 200, e);
        }
    }

    /**
     * The closed markets holding any of {@code tokenIds} ({@code /markets/keyset?closed=true} with
     * repeated {@code clob_token_ids}), all pages. At most {@value #MAX_PAGE_SIZE} ids per call.
     */
    public List<GammaMarket> closedMarketsOf(java.util.Collection<String> tokenIds) {
        if (tokenIds.size() > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException(
                    "At most " + MAX_PAGE_SIZE + " token ids per call, got " + tokenIds.size());
        }
        if (tokenIds.isEmpty()) {
            return List.of();
        }
        StringBuilder filter = new StringBuilder("closed=true&limit=" + MAX_PAGE_SIZE);
        for (String token : tokenIds) {
            filter.append("&clob_token_ids=").append(encode(token));
        }
        java.util.List<GammaMarket> markets = new java.util.ArrayList<>();
        String cursor = null;
        // Bounded: the ids fit one page; a few more allow for a server that pages anyway.
        for (int page = 0; page < 10; page++) {
            String query = filter + (cursor == null ? "" : "&after_cursor=" + encode(cursor));
            String body = get("/markets/keyset?" + query).orElse("{\"markets\":[]}");
            GammaPage result;
            try {
                result = GammaDecoder.keysetPage(body);
            } catch (IllegalArgumentException e) {
                throw new GammaException("Unreadable keyset page: " + e.getMessage(), 200, e);
            }
            markets.addAll(result.markets());
            cursor = result.nextCursor();
            if (cursor == null || cursor.isEmpty()) {
                break;
            }
        }
        return markets;
    }

    /** A market by Gamma id; empty when Gamma has none. */
    public Optional<GammaMarket> market(String id) {
        return get("/markets/" + encode(id)).map(this::decodeMarket);
    }

    /** A market by slug; empty when Gamma has none. */
    public Optional<GammaMarket> marketBySlug(String slug) {
        return get("/markets/slug/" + encode(slug)).map(this::decodeMarket);
    }

    /** An event with its markets, by slug; empty when Gamma has none. */
    public Optional<GammaEvent> eventBySlug(String slug) {
        return get("/events/slug/" + encode(slug))
                .map(
                        body -> {
                            try {
                                return GammaDecoder.event(GammaDecoder.parse(body));
                            } catch (IllegalArgumentException e) {
                                throw new GammaException(
                                        "Unreadable event: " + e.getMessage(), 200, e);
                            }
                        });
    }

    /** Markets of the events matching the words ({@code /public-search?q=}). */
    public List<GammaMarket> search(String words) {
        return get("/public-search?q=" + encode(words))
                .map(
                        body -> {
                            try {
                                return GammaDecoder.searchResults(body);
                            } catch (IllegalArgumentException e) {
                                throw new GammaException(
                                        "Unreadable search result: " + e.getMessage(), 200, e);
                            }
                        })
                .orElse(List.of());
    }

    /**
     * The public profile of a wallet address ({@code /public-profile}, §14); empty when Gamma knows
     * no profile for it. {@link GammaProfile#wallet()} is the address to ask the Data API about.
     *
     * @param address {@code 0x} + 40 hex digits, in any case
     * @throws IllegalArgumentException when {@code address} is anything else; nothing is sent then
     * @throws GammaException status 400 when Gamma calls the address invalid, or as for the other
     *     routes
     */
    public Optional<GammaProfile> publicProfile(String address) {
        if (!GammaProfile.isAddress(address)) {
            // Checked here, not left to Gamma, so that whatever a user pasted never leaves the
            // process unless it is an address.
            throw new IllegalArgumentException(
                    "Not a wallet address (0x followed by 40 hex digits): " + shorten(address));
        }
        String lower = address.toLowerCase(Locale.ROOT);
        Optional<String> body;
        try {
            body = get("/public-profile?address=" + encode(lower));
        } catch (GammaException e) {
            if (e.status() == 400) {
                throw new GammaException(
                        "Gamma says " + lower + " is not a valid address (HTTP 400)", 400, e);
            }
            throw e;
        }
        return body.map(
                json -> {
                    try {
                        return GammaDecoder.profile(lower, GammaDecoder.parse(json));
                    } catch (IllegalArgumentException e) {
                        throw new GammaException("Unreadable profile: " + e.getMessage(), 200, e);
                    }
                });
    }

    private GammaMarket decodeMarket(String body) {
        try {
            JsonNode node = GammaDecoder.parse(body);
            return GammaDecoder.market(node);
        } catch (IllegalArgumentException e) {
            throw new GammaException("Unreadable market: " + e.getMessage(), 200, e);
        }
    }

    /** The body of a 200; empty for a 404; a {@link GammaException} for anything else. */
    private Optional<String> get(String pathAndQuery) {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                        .timeout(timeout)
                        .header("Accept", "application/json")
                        .GET()
                        .build();
        HttpResponse<String> response;
        try {
            response =
                    http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new GammaException("Gamma " + pathAndQuery + " failed: " + e.getMessage(), 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GammaException("Interrupted while calling Gamma", 0, e);
        }
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() / 100 == 3) {
            throw new GammaException(
                    "Gamma answered a redirect (HTTP "
                            + response.statusCode()
                            + "); not followed. Request: "
                            + pathAndQuery
                            + ", Location: "
                            + response.headers().firstValue("Location").orElse("(none)"),
                    response.statusCode(),
                    null);
        }
        if (response.statusCode() != 200) {
            throw new GammaException(
                    "Gamma " + pathAndQuery + " answered HTTP " + response.statusCode(),
                    response.statusCode(),
                    null);
        }
        return Optional.of(response.body());
    }

    /** Enough of a rejected input to recognise it, not a 10 kB paste in a log line. */
    private static String shorten(String text) {
        if (text == null) {
            return "nothing";
        }
        return text.length() <= 60
                ? "'" + text + "'"
                : "'" + text.substring(0, 60) + "…' (" + text.length() + " characters)";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
