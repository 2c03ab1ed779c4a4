package dev.polystream.gateway.dataapi;

import dev.polystream.gateway.DaemonThreads;
import dev.polystream.gateway.dataapi.DataApiException.Kind;
import dev.polystream.ws.resilience.Backoff;
import dev.polystream.ws.resilience.OutageLog;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Data API client's transport: one GET, through the {@link RequestGate}, retried as {@link
 * DataApiClient} documents, answering the raw body of a 2xx. Knows nothing of routes' bodies.
 */
final class DataApiHttp implements AutoCloseable {

    // Logged under the client's name: operators configure one logger for the Data API.
    private static final Logger LOG = LoggerFactory.getLogger(DataApiClient.class);

    private final DataApiSettings settings;
    private final ExecutorService executor;
    private final HttpClient http;
    private final Backoff backoff;
    private final RequestGate gate;
    private final OutageLog outage = new OutageLog(LOG, "Data API");
    private volatile boolean closed;

    private final LongAdder sent = new LongAdder();
    private final LongAdder ok = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final LongAdder serverErrors = new LongAdder();
    private final LongAdder otherAnswers = new LongAdder();
    private final LongAdder transportFailures = new LongAdder();
    private final LongAdder retries = new LongAdder();

    DataApiHttp(DataApiSettings settings) {
        this.settings = settings;
        this.executor = Executors.newCachedThreadPool(DaemonThreads.numbered("data-api-"));
        this.http =
                HttpClient.newBuilder()
                        .connectTimeout(settings.timeout())
                        // User input becomes a query; the answer must come from this host only.
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .executor(executor)
                        .build();
        this.backoff = new Backoff(settings.backoffInitial(), settings.backoffMax());
        this.gate =
                new RequestGate(settings.requestsPerSecond(), settings.maxConcurrency(), backoff);
    }

    /** The body of a 2xx answer to {@code GET base + route + "?" + query} (query encoded). */
    String get(String route, String query) {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(settings.baseUrl() + route + "?" + query))
                        .timeout(settings.timeout())
                        .header("Accept", "application/json")
                        .header("User-Agent", DataApiClient.USER_AGENT)
                        .GET()
                        .build();
        DataApiException last = null;
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            if (attempt > 1) {
                retries.increment();
            }
            boolean more = attempt < settings.maxAttempts();
            HttpResponse<String> response = null;
            IOException noAnswer = null;
            RequestGate.Permit permit = gate.enter();
            try {
                sent.increment();
                response = send(request);
            } catch (IOException e) {
                noAnswer = e;
            } finally {
                permit.close(); // before any back-off: a sleeping request holds no slot
            }
            if (noAnswer != null) {
                transportFailures.increment();
                String what =
                        noAnswer instanceof HttpTimeoutException
                                ? "timed out after " + settings.timeout().toMillis() + " ms"
                                : noAnswer.getClass().getSimpleName()
                                        + (noAnswer.getMessage() == null
                                                ? ""
                                                : " " + noAnswer.getMessage());
                last = failure(Kind.TRANSPORT, 0, null, null, route, what, attempt);
                outage.failure(last.getMessage());
                backOff(route, attempt, more, last);
                continue;
            }
            int status = response.statusCode();
            if (status / 100 == 2) {
                ok.increment();
                outage.answered();
                gate.succeeded();
                return response.body();
            }
            DataApiError error = DataApiDecoder.error(response.body());
            Duration retryAfter = retryAfter(response.headers().firstValue("Retry-After"));
            if (status == 429 || (status == 503 && retryAfter != null)) {
                (status == 429 ? rateLimited : serverErrors).increment();
                last = failure(Kind.UNAVAILABLE, status, error, retryAfter, route, null, attempt);
                outage.failure(last.getMessage());
                Duration pause;
                if (retryAfter == null) {
                    pause = gate.pauseAfterRateLimit();
                } else {
                    pause = min(retryAfter, DataApiClient.MAX_RETRY_AFTER);
                    gate.pauseFor(pause, true);
                }
                LOG.debug("Data API {}: every request paused {} ms", route, pause.toMillis());
                continue;
            }
            if (status >= 500) {
                serverErrors.increment();
                last = failure(Kind.UNAVAILABLE, status, error, retryAfter, route, null, attempt);
                outage.failure(last.getMessage());
                backOff(route, attempt, more, last);
                continue;
            }
            otherAnswers.increment();
            outage.answered();
            String detail = null;
            Kind kind = Kind.REFUSED;
            if (status / 100 == 3) {
                kind = Kind.REDIRECT;
                String location = response.headers().firstValue("Location").orElse("?");
                detail = "redirect to " + DataApiException.excerpt(location, 100) + " not followed";
            }
            throw failure(kind, status, error, retryAfter, route, detail, attempt);
        }
        throw last;
    }

    DataApiStats stats(long failures) {
        return new DataApiStats(
                sent.sum(),
                ok.sum(),
                rateLimited.sum(),
                serverErrors.sum(),
                otherAnswers.sum(),
                transportFailures.sum(),
                retries.sum(),
                failures,
                gate.pausedByRetryAfter());
    }

    @Override
    public void close() {
        closed = true;
        gate.close();
        executor.shutdownNow();
        // Java 21+ can close an HttpClient (its selector thread); on 17 it ends once unreachable.
        if (http instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("Closing the Data API HTTP client: {}", e.toString());
            }
        }
    }

    /** Sends with a deadline over the whole exchange, body included (the request's covers less). */
    private HttpResponse<String> send(HttpRequest request) throws IOException {
        if (closed) {
            throw new DataApiException(
                    Kind.INTERRUPTED, 0, null, null, false, "The Data API client is closed", null);
        }
        Future<HttpResponse<String>> answer =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        try {
            return answer.get(settings.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new HttpTimeoutException("no complete answer within " + settings.timeout());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(String.valueOf(cause), cause);
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new DataApiException(
                    Kind.INTERRUPTED, 0, null, null, false, "Interrupted calling the Data API", e);
        }
    }

    private void backOff(String route, int attempt, boolean more, DataApiException failure) {
        if (more) {
            Duration wait = backoff.delay(attempt);
            LOG.debug(
                    "Data API {} attempt {} failed, retrying in {} ms: {}",
                    route,
                    attempt,
                    wait.toMillis(),
                    failure.getMessage());
            gate.sleep(wait);
        }
    }

    private static DataApiException failure(
            Kind kind,
            int status,
            DataApiError error,
            Duration retryAfter,
            String route,
            String detail,
            int attempts) {
        DataApiError e = error == null ? DataApiError.NONE : error;
        StringBuilder message = new StringBuilder("Data API GET ").append(route).append(": ");
        message.append(status == 0 ? "no answer" : "HTTP " + status);
        append(message, ": ", status == 0 ? detail : null, 160);
        append(message, " ", e.code(), 40);
        append(message, " parameter ", e.parameter(), 40);
        append(message, ": ", e.error(), 120);
        append(message, " - ", status == 0 ? null : detail, 160);
        append(message, " trace ", e.traceId(), 64);
        message.append(", after ")
                .append(attempts)
                .append(attempts == 1 ? " attempt" : " attempts");
        boolean retryable =
                switch (kind) {
                    case UNAVAILABLE, TRANSPORT -> true;
                    case REFUSED -> Boolean.TRUE.equals(e.retryable());
                    default -> false;
                };
        return new DataApiException(
                kind, status, e.code(), retryAfter, retryable, message.toString(), null);
    }

    private static void append(StringBuilder message, String label, String value, int max) {
        if (value != null && !value.isBlank()) {
            message.append(label).append(DataApiException.excerpt(value, max));
        }
    }

    /**
     * {@code Retry-After} as delay-seconds or an HTTP date; null when absent or unreadable, zero
     * when in the past. Not capped (the exception reports what the API asked for).
     */
    static Duration retryAfter(Optional<String> header) {
        if (header.isEmpty() || header.get().isBlank()) {
            return null;
        }
        String text = header.get().strip();
        if (text.matches("[0-9]{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(text));
        }
        try {
            Instant at =
                    ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(Instant.now(), at);
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
