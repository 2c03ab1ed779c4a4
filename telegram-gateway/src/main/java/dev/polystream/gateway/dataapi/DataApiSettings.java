package dev.polystream.gateway.dataapi;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * How the {@link DataApiClient} talks to the Data API. Checked once, here, with messages for a
 * person.
 *
 * @param baseUrl the API root, {@code https://data-api.polymarket.com} in production (a fake in
 *     tests); http or https, no query, no fragment
 * @param requestsPerSecond the global request rate across every call and thread, spaced evenly (8
 *     leaves room under the ~10 req/s the protocol notes advise per route); 0.01 to 1000
 * @param maxConcurrency the most requests in flight at once; 1 to 64
 * @param timeout per request, connecting included; up to 5 minutes
 * @param maxPages the most pages of {@code /v2/positions} in one read (1000 rows each); past it the
 *     read fails rather than return a partial answer; 1 to 1000
 * @param maxAttempts attempts per request in all, retries included; 1 to 20
 * @param backoffInitial the first back-off after a failure (doubled per failure, with jitter)
 * @param backoffMax the longest back-off; at least {@code backoffInitial}, at most 10 minutes
 */
public record DataApiSettings(
        URI baseUrl,
        double requestsPerSecond,
        int maxConcurrency,
        Duration timeout,
        int maxPages,
        int maxAttempts,
        Duration backoffInitial,
        Duration backoffMax) {

    /** Production base URL. */
    public static final URI DEFAULT_URL = URI.create("https://data-api.polymarket.com");

    public DataApiSettings {
        if (baseUrl == null) {
            throw new IllegalArgumentException("No Data API base URL given");
        }
        String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme();
        scheme = scheme.toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https"))
                || baseUrl.getHost() == null
                || baseUrl.getRawQuery() != null
                || baseUrl.getRawFragment() != null) {
            throw new IllegalArgumentException(
                    "The Data API base URL must be http(s)://host[:port][/path] without query or"
                            + " fragment, got '"
                            + baseUrl
                            + "'");
        }
        String text = baseUrl.toString();
        baseUrl = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        if (!(requestsPerSecond >= 0.01 && requestsPerSecond <= 1000)) {
            throw new IllegalArgumentException(
                    "requestsPerSecond must be between 0.01 and 1000, got " + requestsPerSecond);
        }
        if (maxConcurrency < 1 || maxConcurrency > 64) {
            throw new IllegalArgumentException(
                    "maxConcurrency must be between 1 and 64, got " + maxConcurrency);
        }
        requirePositive("timeout", timeout, Duration.ofMinutes(5));
        if (maxPages < 1 || maxPages > 1000) {
            throw new IllegalArgumentException(
                    "maxPages must be between 1 and 1000, got " + maxPages);
        }
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw new IllegalArgumentException(
                    "maxAttempts must be between 1 and 20, got " + maxAttempts);
        }
        requirePositive("backoffInitial", backoffInitial, Duration.ofMinutes(10));
        requirePositive("backoffMax", backoffMax, Duration.ofMinutes(10));
        if (backoffMax.compareTo(backoffInitial) < 0) {
            throw new IllegalArgumentException(
                    "backoffMax ("
                            + backoffMax
                            + ") must not be shorter than backoffInitial ("
                            + backoffInitial
                            + ")");
        }
    }

    /**
     * Production defaults: 8 requests per second, 4 in flight, 15 s timeout, 20 pages, 4 attempts,
     * back-off from 500 ms to 30 s.
     */
    public static DataApiSettings defaults() {
        return new DataApiSettings(
                DEFAULT_URL,
                8,
                4,
                Duration.ofSeconds(15),
                20,
                4,
                Duration.ofMillis(500),
                Duration.ofSeconds(30));
    }

    /** The same settings against another base URL (a fake, in tests). */
    public DataApiSettings withBaseUrl(URI url) {
        return new DataApiSettings(
                url,
                requestsPerSecond,
                maxConcurrency,
                timeout,
                maxPages,
                maxAttempts,
                backoffInitial,
                backoffMax);
    }

    private static void requirePositive(String name, Duration value, Duration max) {
        if (value == null || value.isNegative() || value.isZero() || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(
                    name + " must be more than 0 and at most " + max + ", got " + value);
        }
    }
}
