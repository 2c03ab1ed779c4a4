package dev.polystream.job.backfill;

import dev.polystream.job.sink.JdbcTarget;
import dev.polystream.ws.resilience.Backoff;
import dev.polystream.ws.resilience.FailureStreak;
import dev.polystream.ws.resilience.OutageLog;
import dev.polystream.ws.rest.ClobRestClient.RestException;
import dev.polystream.ws.rest.PricesHistoryClient;
import dev.polystream.ws.rest.PricesHistoryClient.Point;
import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the history of the tokens it is given, one at a time on its own thread, so the task thread
 * never waits for HTTP or the database: skips a token already in {@code backfills}, paces requests
 * at its share of {@code backfill.requests-per-second}, writes points and the done row in one
 * transaction. A 429, a 5xx, no answer or a database failure pause it with jittered back-off (one
 * {@link FailureStreak}) and put the token back at the end of the queue, until {@code
 * backfill.max-attempts}; a 4xx (bad token) gives the token up. Outages are logged by {@link
 * OutageLog}, a given-up token in one line. Every wait is bounded; {@link #close} ends it.
 */
final class BackfillWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackfillWorker.class);

    /** Most tokens waiting per subtask; beyond it a token is offered again by its next tick. */
    static final int MAX_PENDING = 200_000;

    private static final long POLL_MILLIS = 200;

    private final BackfillSettings settings;
    private final PricesHistoryClient client;
    private final HistoryStore store;
    private final long intervalNanos;
    private final FailureStreak streak;
    private final OutageLog endpointOutage = new OutageLog(LOG, "History back-fill: the CLOB");
    private final OutageLog databaseOutage = new OutageLog(LOG, "History back-fill: the database");
    private final LinkedBlockingDeque<Task> queue = new LinkedBlockingDeque<>(MAX_PENDING);
    private final Map<String, Boolean> pending = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private long nextRequestAt = System.nanoTime();

    final AtomicLong loaded = new AtomicLong();
    final AtomicLong points = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    final AtomicLong givenUp = new AtomicLong();

    private record Task(String tokenId, int attempts) {}

    /**
     * @param share this worker's part of the request rate (1 / the number of subtasks)
     * @param name the thread's name
     */
    BackfillWorker(BackfillSettings settings, JdbcTarget target, double share, String name) {
        this.settings = settings;
        this.client =
                new PricesHistoryClient(URI.create(settings.restUrl()), settings.restTimeout());
        this.store = new HistoryStore(target);
        this.intervalNanos =
                (long) (TimeUnit.SECONDS.toNanos(1) / (settings.requestsPerSecond() * share));
        this.streak =
                new FailureStreak(
                        new Backoff(settings.retryBackoffInitial(), settings.retryBackoffMax()),
                        Duration.ofSeconds(30));
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Queues a token unless it is queued already; false when the queue is full. */
    boolean offer(String tokenId) {
        if (pending.putIfAbsent(tokenId, Boolean.TRUE) != null) {
            return true;
        }
        if (queue.offerLast(new Task(tokenId, 0))) {
            return true;
        }
        pending.remove(tokenId);
        return false;
    }

    /** The tokens not yet loaded nor given up (queued or in flight), for a checkpoint. */
    List<String> pending() {
        return new ArrayList<>(pending.keySet());
    }

    private void run() {
        while (running) {
            Task task;
            try {
                task = queue.pollFirst(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (task != null) {
                try {
                    load(task);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void load(Task task) throws InterruptedException {
        String token = task.tokenId();
        String failure;
        boolean database = false;
        try {
            if (store.loaded(token)) {
                databaseOutage.answered();
                pending.remove(token);
                return;
            }
            databaseOutage.answered();
            pace();
            Instant to = Instant.now();
            Instant from = to.minus(settings.window());
            List<Point> history =
                    client.history(
                                    token,
                                    from.getEpochSecond(),
                                    to.getEpochSecond(),
                                    settings.fidelityMinutes())
                            .get(settings.restTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
            endpointOutage.answered();
            database = true;
            store.save(token, history, from, to, settings.fidelityMinutes());
            databaseOutage.answered();
            streak.succeeded();
            loaded.incrementAndGet();
            points.addAndGet(history.size());
            pending.remove(token);
            return;
        } catch (ExecutionException e) {
            RestException rest =
                    e.getCause() instanceof RestException ? (RestException) e.getCause() : null;
            if (rest != null && isPermanent(rest.status())) {
                endpointOutage.answered();
                giveUp(token, rest.getMessage());
                return;
            }
            failure = e.getCause() == null ? String.valueOf(e) : e.getCause().getMessage();
        } catch (TimeoutException e) {
            failure = "GET /prices-history: no answer in time";
        } catch (SQLException e) {
            database = true;
            failure = "SQLState " + e.getSQLState() + ": " + e.getMessage();
        } catch (RuntimeException e) {
            failure = String.valueOf(e);
        }
        failures.incrementAndGet();
        (database ? databaseOutage : endpointOutage).failure(failure);
        if (task.attempts() + 1 >= settings.maxAttempts()) {
            giveUp(token, "after " + settings.maxAttempts() + " attempts: " + failure);
        } else if (!queue.offerLast(new Task(token, task.attempts() + 1))) {
            giveUp(token, "the queue is full");
        }
        sleep(streak.failed().toNanos());
    }

    /** 4xx other than 429: the request itself is wrong (a bad token); a retry would not help. */
    static boolean isPermanent(int status) {
        return status >= 400 && status < 500 && status != 429;
    }

    private void giveUp(String token, String why) {
        pending.remove(token);
        long n = givenUp.incrementAndGet();
        if (n <= 10 || n % 1000 == 0) {
            LOG.warn("History back-fill gave up on token {} ({} so far): {}", token, n, why);
        }
    }

    /** Waits for this worker's next request slot. */
    private void pace() throws InterruptedException {
        long now = System.nanoTime();
        if (nextRequestAt > now) {
            sleep(nextRequestAt - now);
            now = System.nanoTime();
        }
        nextRequestAt = Math.max(now, nextRequestAt) + intervalNanos;
    }

    private void sleep(long nanos) throws InterruptedException {
        if (nanos > 0) {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
    }
}
