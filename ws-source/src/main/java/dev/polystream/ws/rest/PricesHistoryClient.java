package dev.polystream.ws.rest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystream.ws.rest.ClobRestClient.RestException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * CLOB {@code GET /prices-history} (protocol doc §4): a token's price history between two instants,
 * one point per {@code fidelity} minutes. Plain JDK {@link HttpClient}; thread-safe.
 *
 * <p>Rules the server enforces, checked here before a request is sent ({@link #checkRange}): {@code
 * startTs}/{@code endTs} are unix <b>seconds</b> (milliseconds get a 400), both are sent ({@code
 * endTs} alone is refused), a range over a week needs {@code fidelity ≥ 10} and over a day {@code
 * fidelity ≥ 5} (the live rule for the {@code 1m} and {@code 1w} intervals, applied to the length
 * of an explicit range). The answer {@code {"history":[{"t":secs,"p":number},…]}} may end with a
 * "now" point after the range.
 */
public final class PricesHistoryClient {

    /** Longest range a fidelity of one minute may cover. */
    static final Duration ONE_MINUTE_FIDELITY_RANGE = Duration.ofDays(1);

    /** Longest range a fidelity under ten minutes may cover. */
    static final Duration FIVE_MINUTE_FIDELITY_RANGE = Duration.ofDays(7);

    private static final String USER_AGENT = "polystream-ws-source";
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;

    /** One point of a token's history: unix seconds and the price then. */
    public record Point(long epochSecond, BigDecimal price) {}

    /**
     * @param base e.g. {@code https://clob.polymarket.com} (a trailing slash is fine)
     * @param timeout bounds the connect and each response
     */
    public PricesHistoryClient(URI base, Duration timeout) {
        this.base = Objects.requireNonNull(base, "base");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = RestText.httpClient(timeout, true);
    }

    /**
     * The smallest fidelity (minutes) the server accepts for a range this long: 1 up to a day, 5 up
     * to a week, 10 beyond.
     */
    public static int minimumFidelity(Duration range) {
        if (range.compareTo(FIVE_MINUTE_FIDELITY_RANGE) > 0) {
            return 10;
        }
        return range.compareTo(ONE_MINUTE_FIDELITY_RANGE) > 0 ? 5 : 1;
    }

    /**
     * Refuses a range the server would refuse: not positive, or a fidelity below {@link
     * #minimumFidelity}.
     */
    public static void checkRange(long startTs, long endTs, int fidelityMinutes) {
        if (startTs <= 0 || endTs <= startTs) {
            throw new IllegalArgumentException(
                    "A history range needs 0 < startTs < endTs (unix seconds)");
        }
        int minimum = minimumFidelity(Duration.ofSeconds(endTs - startTs));
        if (fidelityMinutes < minimum) {
            throw new IllegalArgumentException(
                    "A history range of "
                            + Duration.ofSeconds(endTs - startTs).toHours()
                            + " h needs a fidelity of at least "
                            + minimum
                            + " minutes, not "
                            + fidelityMinutes);
        }
    }

    /**
     * {@code GET /prices-history?market=<token>&startTs=&endTs=&fidelity=}. Completes with the
     * points in the server's order; exceptionally with a {@link RestException} for a status other
     * than 200 (429 when throttled, 400 for a bad token or filter) or no answer (status 0).
     */
    public CompletableFuture<List<Point>> history(
            String tokenId, long startTs, long endTs, int fidelityMinutes) {
        checkRange(startTs, endTs, fidelityMinutes);
        HttpRequest request =
                HttpRequest.newBuilder(
                                RestText.resolve(
                                        base, query(tokenId, startTs, endTs, fidelityMinutes)))
                        .timeout(timeout)
                        .header("Accept", "application/json")
                        .header("User-Agent", USER_AGENT)
                        .GET()
                        .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .handle(
                        (response, error) -> {
                            if (error != null) {
                                throw new RestException(
                                        0,
                                        "GET /prices-history failed: " + RestText.rootCause(error));
                            }
                            if (response.statusCode() != 200) {
                                throw new RestException(
                                        response.statusCode(),
                                        "GET /prices-history answered "
                                                + response.statusCode()
                                                + ": "
                                                + RestText.abbreviate(response.body()));
                            }
                            return parse(response.body());
                        });
    }

    /** The query string of one request. */
    static String query(String tokenId, long startTs, long endTs, int fidelityMinutes) {
        return "prices-history?market="
                + URLEncoder.encode(tokenId, StandardCharsets.UTF_8)
                + "&startTs="
                + startTs
                + "&endTs="
                + endTs
                + "&fidelity="
                + fidelityMinutes;
    }

    /**
     * The points of a {@code {"history":[…]}} body; {@code t} in seconds, {@code p} a JSON number
     * (a string is accepted too). A point without both is skipped.
     *
     * @throws RestException (status 200) when the body is not that shape
     */
    public static List<Point> parse(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (Exception e) {
            throw new RestException(
                    200, "GET /prices-history: not JSON: " + RestText.abbreviate(body));
        }
        JsonNode history = root == null ? null : root.get("history");
        if (history == null || !history.isArray()) {
            throw new RestException(
                    200, "GET /prices-history: no history: " + RestText.abbreviate(body));
        }
        List<Point> points = new ArrayList<>(history.size());
        for (JsonNode item : history) {
            JsonNode t = item.get("t");
            JsonNode p = item.get("p");
            if (t == null || p == null || !t.canConvertToLong()) {
                continue;
            }
            BigDecimal price;
            try {
                price = p.isNumber() ? p.decimalValue() : new BigDecimal(p.asText());
            } catch (NumberFormatException e) {
                continue;
            }
            points.add(new Point(t.asLong(), price));
        }
        return points;
    }
}
