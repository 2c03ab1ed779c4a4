package dev.polystream.ws.user;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystream.ws.auth.ClobCredentials;
import dev.polystream.ws.auth.L2Credentials;
import dev.polystream.ws.auth.ReadOnlyKey;
import dev.polystream.ws.rest.RestText;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trader's own trades from the CLOB (§16): {@code GET /data/trades} with their L2-signed headers
 * or read-only key, paged by cursor from {@link #FIRST_CURSOR} to {@link #END_CURSOR}, rows read by
 * the user channel's trade decoder; and the check of credentials before they are kept. Plain JDK
 * {@link HttpClient}, synchronous (call it off any event loop). Thread-safe. No secret enters a
 * message, a log line or a URL: the key and address in a query come from the credentials only.
 */
public final class ClobTradesClient {

    /** The cursor of the first page. */
    public static final String FIRST_CURSOR = "MA==";

    /** The cursor that means "no more pages". */
    public static final String END_CURSOR = "LTE=";

    /** What a credentials check found. */
    public enum Verdict {
        /** The CLOB accepted them. */
        VALID,
        /** The CLOB refused them (401/403, or a read-only key reported invalid). */
        REJECTED,
        /** No answer either way: network error, 5xx, 429. Try again later. */
        UNAVAILABLE
    }

    static final String TRADES_PATH = "/data/trades";
    static final String VALIDATE_PATH = "/auth/validate-readonly-api-key";

    private static final Logger LOG = LoggerFactory.getLogger(ClobTradesClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER_AGENT = "polystream-ws-source";

    private final URI base;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;

    /**
     * @param clobUrl e.g. {@code https://clob.polymarket.com}
     * @param timeout bounds the connect and each response
     */
    public ClobTradesClient(URI clobUrl, Duration timeout) {
        this(clobUrl, timeout, Clock.systemUTC());
    }

    /** With the clock that stamps {@code POLY_TIMESTAMP}. */
    public ClobTradesClient(URI clobUrl, Duration timeout, Clock clock) {
        this.base = Objects.requireNonNull(clobUrl, "clobUrl");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = RestText.httpClient(timeout, false);
    }

    /**
     * Whether the CLOB accepts these credentials: L2 by a signed {@code GET /data/trades?limit=1}
     * (200 → valid, 401/403 → rejected); a read-only key by the public {@code GET
     * /auth/validate-readonly-api-key} (200 with a truthy body → valid, a falsy body or 4xx →
     * rejected). Network errors, 5xx and 429 → unavailable.
     */
    public Verdict check(ClobCredentials credentials) {
        Objects.requireNonNull(credentials, "credentials");
        HttpResponse<String> response;
        try {
            if (credentials instanceof ReadOnlyKey key) {
                String query = "address=" + encode(key.address()) + "&key=" + encode(key.key());
                response = send(request(VALIDATE_PATH, query, Map.of()));
            } else {
                response = send(signed(credentials, TRADES_PATH, "limit=1"));
            }
        } catch (ClobTradesException e) {
            LOG.debug("Credentials check for {} unavailable: {}", credentials, e.getMessage());
            return Verdict.UNAVAILABLE;
        }
        int status = response.statusCode();
        if (status == 429 || status >= 500) {
            return Verdict.UNAVAILABLE;
        }
        if (status == 200) {
            return credentials instanceof L2Credentials || truthy(response.body())
                    ? Verdict.VALID
                    : Verdict.REJECTED;
        }
        return status >= 400 && status < 500 ? Verdict.REJECTED : Verdict.UNAVAILABLE;
    }

    /** One page of the trader's trades from {@code cursor} ({@link #FIRST_CURSOR} first). */
    public TradesPage page(ClobCredentials credentials, String cursor) throws ClobTradesException {
        Objects.requireNonNull(credentials, "credentials");
        String c = cursor == null || cursor.isEmpty() ? FIRST_CURSOR : cursor;
        String query =
                "maker_address=" + encode(credentials.address()) + "&next_cursor=" + encode(c);
        HttpResponse<String> response = send(signed(credentials, TRADES_PATH, query));
        int status = response.statusCode();
        if (status != 200) {
            throw new ClobTradesException(
                    status,
                    "GET "
                            + TRADES_PATH
                            + " answered "
                            + status
                            + (status == 401 || status == 403
                                    ? ": credentials refused"
                                    : ": " + RestText.abbreviate(response.body())));
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new ClobTradesException(200, "GET " + TRADES_PATH + " answered no JSON");
        }
        if (body == null || !body.isObject()) {
            throw new ClobTradesException(200, "GET " + TRADES_PATH + " answered no object");
        }
        UserFrame rows = UserMessageParser.parseTradeRows(body.get("data"));
        String next = body.path("next_cursor").asText(END_CURSOR);
        return new TradesPage(rows.trades(), next, rows.errors());
    }

    /**
     * Every page from the first to {@link #END_CURSOR}, at most {@code maxPages} (then what was
     * read is returned and a warning logged); bad rows are logged, one line each, and skipped.
     */
    public List<UserTrade> all(ClobCredentials credentials, int maxPages)
            throws ClobTradesException {
        List<UserTrade> trades = new ArrayList<>();
        String cursor = FIRST_CURSOR;
        for (int pages = 0; pages < maxPages; pages++) {
            TradesPage page = page(credentials, cursor);
            trades.addAll(page.trades());
            for (String error : page.errors()) {
                LOG.warn("Trades of {}: skipped a row: {}", credentials, error);
            }
            if (page.isLast() || page.nextCursor().equals(cursor)) {
                return trades;
            }
            cursor = page.nextCursor();
        }
        LOG.warn("Trades of {}: stopped after {} pages before the end", credentials, maxPages);
        return trades;
    }

    private HttpRequest signed(ClobCredentials credentials, String path, String query) {
        // The signature covers the path without the query string (§16).
        long now = clock.millis() / 1000;
        return request(path, query, credentials.headers("GET", path, null, now));
    }

    private HttpRequest request(String path, String query, Map<String, String> headers) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(RestText.resolve(base, path.substring(1) + "?" + query))
                        .timeout(timeout)
                        .header("Accept", "application/json")
                        .header("User-Agent", USER_AGENT)
                        .GET();
        headers.forEach(b::header);
        return b.build();
    }

    private HttpResponse<String> send(HttpRequest request) throws ClobTradesException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ClobTradesException(
                    0, "GET " + request.uri().getPath() + " failed: " + RestText.rootCause(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClobTradesException(0, "GET " + request.uri().getPath() + " interrupted");
        }
    }

    /** {@code true}, {@code {"valid":true}} or a non-empty object without a false flag. */
    static boolean truthy(String body) {
        String t = body == null ? "" : body.strip();
        if (t.isEmpty()) {
            return false;
        }
        try {
            JsonNode node = JSON.readTree(t);
            if (node == null || node.isNull() || node.isMissingNode()) {
                return false;
            }
            if (node.isBoolean()) {
                return node.booleanValue();
            }
            if (node.isObject()) {
                for (String flag : List.of("valid", "isValid", "is_valid", "success")) {
                    if (node.has(flag)) {
                        return node.path(flag).asBoolean(false);
                    }
                }
                return node.size() > 0 && !node.has("error");
            }
            if (node.isTextual()) {
                return truthy(node.textValue());
            }
            return !node.isNumber() || node.asDouble() != 0;
        } catch (IOException e) {
            String word = t.toLowerCase(Locale.ROOT);
            return word.equals("true") || word.equals("ok") || word.equals("valid");
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
