package dev.polystream.job.backfill;

import dev.polystream.job.config.JobOptions;
import dev.polystream.ws.flink.PolymarketSourceOptions;
import dev.polystream.ws.rest.PricesHistoryClient;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.configuration.ReadableConfig;

/**
 * What the history back-fill asks for and how fast: the {@code backfill.*} keys, checked once at
 * start so a setting the CLOB would refuse for every token stops the job with one line instead.
 *
 * @param window how far back a token's history goes
 * @param fidelityMinutes minutes between two points
 * @param requestsPerSecond history requests per second, all subtasks together
 * @param maxAttempts attempts per token before it is given up
 * @param retryBackoffMax longest pause while the endpoint or the database fails
 * @param restUrl the CLOB REST base URL ({@code rest.url})
 * @param restTimeout connect and response timeout ({@code rest.timeout})
 */
public record BackfillSettings(
        Duration window,
        int fidelityMinutes,
        double requestsPerSecond,
        int maxAttempts,
        Duration retryBackoffMax,
        String restUrl,
        Duration restTimeout)
        implements Serializable {

    /** Most points one token's history may have. */
    public static final long MAX_POINTS = 5_000;

    public BackfillSettings {
        if (window.isNegative() || window.isZero() || window.toSeconds() < 60) {
            throw new IllegalArgumentException("backfill.window must be at least a minute");
        }
        if (fidelityMinutes < 1) {
            throw new IllegalArgumentException("backfill.fidelity must be at least 1 (minutes)");
        }
        int minimum = PricesHistoryClient.minimumFidelity(window);
        if (fidelityMinutes < minimum) {
            throw new IllegalArgumentException(
                    "backfill.fidelity="
                            + fidelityMinutes
                            + " is refused by the CLOB for a backfill.window of "
                            + window.toHours()
                            + " h: use at least "
                            + minimum);
        }
        if (window.toMinutes() / fidelityMinutes > MAX_POINTS) {
            throw new IllegalArgumentException(
                    "backfill.window / backfill.fidelity gives over "
                            + MAX_POINTS
                            + " points per token: shorten the window or raise the fidelity");
        }
        if (!(requestsPerSecond > 0) || requestsPerSecond > 100) {
            throw new IllegalArgumentException(
                    "backfill.requests-per-second must be above 0 and at most 100 (the CLOB allows"
                            + " 1000 per 10 s)");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("backfill.max-attempts must be at least 1");
        }
        if (retryBackoffMax.isNegative() || retryBackoffMax.isZero()) {
            throw new IllegalArgumentException("backfill.retry-backoff-max must be positive");
        }
    }

    /** The settings from the job's configuration. */
    public static BackfillSettings from(ReadableConfig conf) {
        return new BackfillSettings(
                conf.get(JobOptions.BACKFILL_WINDOW),
                conf.get(JobOptions.BACKFILL_FIDELITY),
                conf.get(JobOptions.BACKFILL_REQUESTS_PER_SECOND),
                conf.get(JobOptions.BACKFILL_MAX_ATTEMPTS),
                conf.get(JobOptions.BACKFILL_RETRY_BACKOFF_MAX),
                conf.get(PolymarketSourceOptions.REST_URL),
                conf.get(PolymarketSourceOptions.REST_TIMEOUT));
    }

    /** The first wait after a failure: half a second, or the longest if that is shorter. */
    Duration retryBackoffInitial() {
        Duration half = Duration.ofMillis(500);
        return retryBackoffMax.compareTo(half) < 0 ? retryBackoffMax : half;
    }
}
