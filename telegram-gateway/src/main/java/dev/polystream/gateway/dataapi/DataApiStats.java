package dev.polystream.gateway.dataapi;

import java.time.Duration;

/**
 * Counters of one {@link DataApiClient} since it was made, for metrics and the benchmark.
 *
 * @param requestsSent HTTP requests sent (every attempt, every page)
 * @param responses2xx answers 200–299
 * @param responses429 answers 429 (rate limited)
 * @param responses5xx answers 500–599
 * @param responsesOther any other answer (3xx, 4xx other than 429)
 * @param transportFailures attempts without an answer (timeout, connection refused or reset)
 * @param retries attempts after the first of a request
 * @param failures calls that ended in a {@link DataApiException}
 * @param pausedByRetryAfter how long requests were held back because the API sent {@code
 *     Retry-After} (overlapping pauses counted once)
 */
public record DataApiStats(
        long requestsSent,
        long responses2xx,
        long responses429,
        long responses5xx,
        long responsesOther,
        long transportFailures,
        long retries,
        long failures,
        Duration pausedByRetryAfter) {}
