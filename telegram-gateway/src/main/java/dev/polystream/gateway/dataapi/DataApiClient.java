package dev.polystream.gateway.dataapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystream.gateway.dataapi.DataApiException.Kind;
import dev.polystream.ws.resilience.Backoff;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Polymarket's Data API v2 (protocol §15): a wallet's holdings ({@code /v2/positions}, every page)
 * and whether the API knows a user ({@code /v2/user-stats}). One shared instance per process:
 * thread-safe, and every request of every thread passes one {@link RequestGate} (a global rate of
 * {@code requestsPerSecond}, at most {@code maxConcurrency} in flight, a global pause on {@code
 * Retry-After}).
 *
 * <p>Retries, each counted against {@code maxAttempts} per request:
 *
 * <ul>
 *   <li>429, and 503 with {@code Retry-After} (seconds or an HTTP date): every request of the
 *       client waits until then, then this one is sent again. A {@code Retry-After} above {@link
 *       #MAX_RETRY_AFTER} is cut to it;
 *   <li>429 without {@code Retry-After}: every request waits a back-off that grows with each such
 *       answer in a row;
 *   <li>other 5xx, timeouts and connection failures: this request alone backs off.
 * </ul>
 *
 * Back-offs double from {@code backoffInitial} to {@code backoffMax} with equal jitter (half fixed,
 * half random; see {@link Backoff}). Never retried: a 4xx other than 429, a redirect (never
 * followed: the exception names the target), and a 2xx whose body cannot be read (the caller's next
 * sync tries again).
 *
 * <p>Logging: an outage is a WARN when it begins, a WARN at most once a minute while it lasts and
 * an INFO when it ends; retries are DEBUG. Bodies are never logged beyond a short excerpt.
 */
public final class DataApiClient implements AutoCloseable {

    /** The longest pause a {@code Retry-After} can impose; longer ones are cut to it. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

    /** The page size asked of {@code /v2/positions}: the largest it serves. */
    public static final int PAGE_SIZE = 1000;

    /** Most condition ids one {@code /v2/positions} call filters on. */
    public static final int MAX_CONDITIONS = 20;

    private static final Pattern CONDITION = Pattern.compile("0x[0-9a-f]{64}");

    static final String USER_AGENT = "polystream-telegram-gateway/0.1 (Data API v2 client)";

    private static final Pattern LOWER_CASE_WALLET = Pattern.compile("0x[0-9a-f]{40}");

    private final DataApiSettings settings;
    private final DataApiHttp http;
    private final LongAdder failures = new LongAdder();
    private volatile boolean closed;

    public DataApiClient(DataApiSettings settings) {
        if (settings == null) {
            throw new IllegalArgumentException("No Data API settings given");
        }
        this.settings = settings;
        this.http = new DataApiHttp(settings);
    }

    public DataApiSettings settings() {
        return settings;
    }

    /**
     * Everything {@code wallet} holds: {@code GET /v2/positions?user=…&filter_amount=0&limit=1000}
     * (no dust floor), then while {@code next_cursor} is a non-empty string the next page with the
     * same parameters plus {@code cursor} (never {@code offset}: the API answers 400).
     *
     * <p>The pages are read one after the other while prices move, so a holding whose value changes
     * between two pages can be listed twice (the last row wins) or, rarely, missed. Only a wallet
     * with more than 1000 positions reads a second page.
     *
     * @param wallet a proxy wallet, {@code 0x} and 40 lower-case hex digits
     * @throws IllegalArgumentException for any other wallet text, before any request
     * @throws IllegalStateException after {@link #close()}
     * @throws DataApiException when the holdings could not be read completely: no partial answer
     *     (more than {@code maxPages} pages or a repeated cursor included)
     */
    public Holdings positions(String wallet) {
        requireWallet(wallet);
        return read(wallet, "");
    }

    /**
     * The closed positions of {@code wallet} in the markets {@code conditionIds} ({@code
     * status=CLOSED&condition=…}, at most {@value #MAX_CONDITIONS} ids): a position sold out
     * between two reads leaves the open list, and its final realized P&L is only found here.
     *
     * @throws IllegalArgumentException for a bad wallet, no or too many condition ids, or one that
     *     is not {@code 0x} and 64 hex digits, before any request
     */
    public Holdings closedPositions(String wallet, Collection<String> conditionIds) {
        requireWallet(wallet);
        if (conditionIds.isEmpty() || conditionIds.size() > MAX_CONDITIONS) {
            throw new IllegalArgumentException(
                    "1 to "
                            + MAX_CONDITIONS
                            + " condition ids per call, got "
                            + conditionIds.size());
        }
        for (String id : conditionIds) {
            if (id == null || !CONDITION.matcher(id).matches()) {
                throw new IllegalArgumentException("Not a condition id: '" + id + "'");
            }
        }
        return read(wallet, "&status=CLOSED&condition=" + encode(String.join(",", conditionIds)));
    }

    /** Every page of {@code /v2/positions} for the wallet, the filter re-sent with each. */
    private Holdings read(String wallet, String filter) {
        return counted(
                () -> {
                    Instant fetchedAt = Instant.now();
                    List<PositionsPage> pages = new ArrayList<>();
                    Set<String> cursorsSent = new HashSet<>();
                    String cursor = null;
                    // Bounded: every turn reads a page, and the pages are capped below.
                    while (true) {
                        String query =
                                "user="
                                        + encode(wallet)
                                        + filter
                                        + "&filter_amount=0&limit="
                                        + PAGE_SIZE;
                        if (cursor != null) {
                            query += "&cursor=" + encode(cursor);
                        }
                        String body = http.get("/v2/positions", query);
                        pages.add(
                                decoded(
                                        "/v2/positions",
                                        () -> DataApiDecoder.positionsPage(body, wallet)));
                        PositionsPage page = pages.get(pages.size() - 1);
                        cursor = page.nextCursor();
                        if (cursor == null) {
                            if (page.hasMore()) {
                                throw paging("has_more is true but next_cursor is null", true);
                            }
                            return Holdings.of(wallet, pages, fetchedAt);
                        }
                        if (!cursorsSent.add(cursor)) {
                            throw paging("next_cursor repeats an earlier cursor", false);
                        }
                        if (pages.size() >= settings.maxPages()) {
                            throw paging("more than " + settings.maxPages() + " pages", false);
                        }
                    }
                });
    }

    /**
     * {@code GET /v2/user-stats?user=}: the API's stats of {@code wallet}, empty when it does not
     * know the user ({@code data: null}). The API refuses protocol contract addresses: a {@link
     * DataApiException} with status 400 and code {@code invalid_request}.
     *
     * @throws IllegalArgumentException for a wallet that is not {@code 0x} and 40 lower-case hex
     * @throws IllegalStateException after {@link #close()}
     */
    public Optional<JsonNode> userStats(String wallet) {
        requireWallet(wallet);
        return counted(
                () -> {
                    String body = http.get("/v2/user-stats", "user=" + encode(wallet));
                    return decoded("/v2/user-stats", () -> DataApiDecoder.userStats(body));
                });
    }

    public DataApiStats stats() {
        return http.stats(failures.sum());
    }

    /** Fails the calls still waiting and stops the HTTP client's threads. Idempotent. */
    @Override
    public void close() {
        closed = true;
        http.close();
    }

    private <T> T counted(Supplier<T> call) {
        if (closed) {
            throw new IllegalStateException("The Data API client is closed");
        }
        try {
            return call.get();
        } catch (DataApiException e) {
            failures.increment();
            throw e;
        }
    }

    /**
     * Decodes a 2xx body; an unreadable one fails the call (not retried: the caller's next sync).
     */
    private static <T> T decoded(String route, Supplier<T> decode) {
        try {
            return decode.get();
        } catch (DataApiException e) {
            throw new DataApiException(
                    e.kind(),
                    e.status(),
                    null,
                    null,
                    true,
                    "Data API GET " + route + ": " + e.getMessage().replaceFirst("^Data API ", ""),
                    null);
        }
    }

    private static DataApiException paging(String what, boolean retryable) {
        return new DataApiException(
                Kind.PAGING,
                200,
                null,
                null,
                retryable,
                "Data API GET /v2/positions: " + what,
                null);
    }

    private static void requireWallet(String wallet) {
        if (wallet == null || !LOWER_CASE_WALLET.matcher(wallet).matches()) {
            throw new IllegalArgumentException(
                    "A wallet must be 0x followed by 40 lower-case hex digits, got '"
                            + DataApiException.excerpt(String.valueOf(wallet), 60)
                            + "'");
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
