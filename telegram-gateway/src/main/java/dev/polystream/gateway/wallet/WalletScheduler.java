package dev.polystream.gateway.wallet;

import dev.polystream.gateway.DaemonThreads;
import dev.polystream.gateway.Periodic;
import dev.polystream.gateway.dataapi.DataApiException;
import dev.polystream.gateway.domain.WalletAddress;
import dev.polystream.gateway.domain.WalletSyncStatus;
import dev.polystream.gateway.domain.WalletWatch;
import dev.polystream.gateway.store.StoreException;
import dev.polystream.gateway.store.TransactionRunner;
import dev.polystream.gateway.store.WalletStore;
import dev.polystream.ws.resilience.Backoff;
import dev.polystream.ws.resilience.OutageLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When each linked wallet is synced: every {@code wallet.active-interval} while one of its traders
 * is looking (a live card that still refreshes), every {@code wallet.idle-interval} otherwise, at
 * once when it is linked, and soon after its trader sends /positions (debounced). A failed sync
 * keeps the last holdings, is retried with jittered back-off, and is shown on the card with its
 * age. At most {@code threads} syncs run at a time, the wallets someone looks at first; the Data
 * API client's own rate limit spaces the requests. Each pass orders the due wallets, and a worker
 * that finishes starts the next of them at once, so the request budget is used between passes too.
 *
 * <p>Syncs that change nothing write nothing: the time of the last success is kept here, in memory,
 * and recorded in {@code wallets.synced_at} (for analysts) by one statement every {@code
 * wallet.synced-at-interval}.
 */
public final class WalletScheduler implements WalletWatch, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WalletScheduler.class);

    /** The cadence. */
    public record Cadence(
            Duration activeInterval,
            Duration idleInterval,
            Duration lookingWindow,
            Duration debounce,
            Duration syncedAtInterval,
            int threads) {}

    /** Counts since start, for logs, metrics and the benchmark. */
    public record Stats(long syncs, long changed, long failures, int wallets, int inFlight) {}

    private static final class State {
        volatile boolean inFlight;
        volatile boolean soon;
        volatile Instant lastAttempt;
        volatile Instant retryAt;
        volatile int failures;
        volatile WalletSyncStatus status = WalletSyncStatus.NEVER;
        volatile Instant recordedSyncedAt;
        volatile boolean emptyPending;
    }

    private final TransactionRunner transactions;
    private final WalletSync sync;
    private final Cadence cadence;
    private final Clock clock;
    private final Backoff backoff;
    private final OutageLog databaseOutage = new OutageLog(LOG, "Wallet sync: the database");
    private final Map<WalletAddress, State> states = new ConcurrentHashMap<>();
    private final Map<WalletAddress, Boolean> active = new ConcurrentHashMap<>();
    private final ExecutorService workers;
    private final Periodic timer = new Periodic("wallet-sync");
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong syncs = new AtomicLong();
    private final AtomicLong changed = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile Instant lastRecorded;

    /** The due wallets of the last pass not started yet, most urgent first. */
    private final Deque<WalletAddress> queue = new ArrayDeque<>();

    private final Object dispatching = new Object();

    public WalletScheduler(DataSource dataSource, WalletSync sync, Cadence cadence, Clock clock) {
        this.transactions = new TransactionRunner(dataSource);
        this.sync = sync;
        this.cadence = cadence;
        this.clock = clock;
        // Retries wait from 5 s (or the idle interval, when shorter) up to the idle interval.
        Duration firstRetry = Duration.ofSeconds(5);
        this.backoff =
                new Backoff(
                        firstRetry.compareTo(cadence.idleInterval()) < 0
                                ? firstRetry
                                : cadence.idleInterval(),
                        cadence.idleInterval());
        this.workers =
                Executors.newFixedThreadPool(
                        cadence.threads(), DaemonThreads.named("wallet-sync-worker"));
        this.lastRecorded = clock.instant();
    }

    /** Starts the cadence (checked four times per active interval, at least once a second). */
    public void start() {
        long tickMs = Math.max(50, Math.min(1_000, cadence.activeInterval().toMillis() / 4));
        timer.start(Duration.ZERO, Duration.ofMillis(tickMs), this::tickQuietly);
    }

    @Override
    public WalletSyncStatus status(String wallet) {
        State state = WalletAddress.isAddress(wallet) ? states.get(WalletAddress.of(wallet)) : null;
        return state == null ? WalletSyncStatus.NEVER : state.status;
    }

    @Override
    public void looking(long userId) {
        List<WalletStore.Link> links;
        try {
            links =
                    transactions.inTransaction(
                            "read wallet links", c -> WalletStore.linksOf(c, userId));
        } catch (StoreException e) {
            return;
        }
        Instant now = clock.instant();
        for (WalletStore.Link link : links) {
            active.put(link.wallet(), true);
            State state = states.computeIfAbsent(link.wallet(), w -> new State());
            Instant last = state.lastAttempt;
            if (last == null || !last.plus(cadence.debounce()).isAfter(now)) {
                state.soon = true;
            }
        }
    }

    /** A wallet was just linked: read it now. */
    public void syncSoon(WalletAddress wallet) {
        states.computeIfAbsent(wallet, w -> new State()).soon = true;
    }

    public Stats stats() {
        return new Stats(syncs.get(), changed.get(), failures.get(), states.size(), inFlight.get());
    }

    /** One pass: finds the due wallets and hands the most urgent to the workers. */
    void tick() {
        List<WalletStore.Linked> linked =
                transactions.inTransaction(
                        "list linked wallets", c -> WalletStore.linked(c, cadence.lookingWindow()));
        databaseOutage.answered();
        Set<WalletAddress> present = new HashSet<>();
        for (WalletStore.Linked l : linked) {
            present.add(l.wallet());
            active.put(l.wallet(), l.active());
            State state = states.computeIfAbsent(l.wallet(), w -> new State());
            if (state.recordedSyncedAt == null) {
                state.recordedSyncedAt = l.syncedAt();
            }
        }
        states.keySet().removeIf(w -> !present.contains(w) && !states.get(w).inFlight);
        active.keySet().retainAll(present);
        Instant now = clock.instant();
        List<Map.Entry<WalletAddress, State>> due = new ArrayList<>();
        for (Map.Entry<WalletAddress, State> e : states.entrySet()) {
            if (present.contains(e.getKey()) && isDue(e.getKey(), e.getValue(), now)) {
                due.add(e);
            }
        }
        due.sort(
                Comparator.<Map.Entry<WalletAddress, State>, Boolean>comparing(
                                e -> !e.getValue().soon)
                        .thenComparing(e -> !active.getOrDefault(e.getKey(), false))
                        .thenComparing(
                                e -> e.getValue().lastAttempt,
                                Comparator.nullsFirst(Comparator.naturalOrder())));
        synchronized (dispatching) {
            queue.clear();
            due.forEach(e -> queue.add(e.getKey()));
        }
        dispatchQueued();
        recordSyncedAt(now);
    }

    /**
     * Starts queued wallets that are still due while a worker is free: called by each pass and by
     * each worker as it finishes (a pass alone would start at most {@code threads} syncs per pass,
     * leaving the workers idle once those are done).
     */
    private void dispatchQueued() {
        synchronized (dispatching) {
            Instant now = clock.instant();
            // Bounded: each turn removes one wallet from the queue.
            while (inFlight.get() < cadence.threads() && !queue.isEmpty()) {
                WalletAddress wallet = queue.poll();
                State state = states.get(wallet);
                if (state != null && isDue(wallet, state, now)) {
                    dispatch(wallet, state);
                }
            }
        }
    }

    private boolean isDue(WalletAddress wallet, State s, Instant now) {
        if (s.inFlight) {
            return false;
        }
        if (s.retryAt != null) {
            // After a failure (or an answer to confirm) the retry time decides, not the cadence.
            return !now.isBefore(s.retryAt);
        }
        if (s.soon || s.lastAttempt == null) {
            return true;
        }
        Duration interval =
                active.getOrDefault(wallet, false)
                        ? cadence.activeInterval()
                        : cadence.idleInterval();
        return !now.isBefore(s.lastAttempt.plus(interval));
    }

    private void dispatch(WalletAddress wallet, State s) {
        s.inFlight = true;
        s.soon = false;
        s.lastAttempt = clock.instant();
        inFlight.incrementAndGet();
        try {
            workers.execute(() -> run(wallet, s));
        } catch (RejectedExecutionException stopping) {
            s.inFlight = false;
            inFlight.decrementAndGet();
        }
    }

    private void run(WalletAddress wallet, State s) {
        try {
            WalletSync.Outcome outcome = sync.sync(wallet, s.emptyPending);
            if (outcome.unconfirmedEmpty()) {
                s.emptyPending = true;
                s.soon = false;
                s.retryAt = clock.instant().plus(WalletSync.CONFIRM_EMPTY_AFTER);
                LOG.info(
                        "Wallet {}: the Data API lists no holdings; reading again to confirm",
                        wallet);
                return;
            }
            s.emptyPending = false;
            s.status = outcome.status();
            if (s.failures > 0) {
                LOG.info("Wallet {} synced again after {} failure(s)", wallet, s.failures);
            }
            s.failures = 0;
            s.retryAt = null;
            if (outcome.written().changed()) {
                changed.incrementAndGet();
                s.recordedSyncedAt = outcome.status().lastSuccess();
                LOG.info("Wallet {} holdings changed: {}", wallet, outcome.written());
            }
            databaseOutage.answered();
        } catch (DataApiException e) {
            fail(wallet, s, shortReason(e));
        } catch (StoreException e) {
            databaseOutage.failure(e.getMessage());
            fail(wallet, s, "database unavailable");
        } catch (RuntimeException e) {
            LOG.error("Wallet {} sync failed unexpectedly", wallet, e);
            fail(wallet, s, "internal error");
        } finally {
            syncs.incrementAndGet();
            s.inFlight = false;
            inFlight.decrementAndGet();
            dispatchQueued();
        }
    }

    private void fail(WalletAddress wallet, State s, String reason) {
        failures.incrementAndGet();
        s.failures = s.failures + 1;
        Duration wait = backoff.delay(s.failures);
        s.retryAt = clock.instant().plus(wait);
        s.status = s.status.failed(clock.instant(), reason);
        if (s.failures == 1) {
            LOG.warn(
                    "Wallet {} sync failed ({}); keeping its last holdings, retrying in {} s",
                    wallet,
                    reason,
                    wait.toSeconds());
        } else {
            LOG.debug("Wallet {} sync failed again ({}): {}", wallet, s.failures, reason);
        }
    }

    /** Records the last successes in {@code wallets.synced_at}, one statement, now and then. */
    private void recordSyncedAt(Instant now) {
        if (now.isBefore(lastRecorded.plus(cadence.syncedAtInterval()))) {
            return;
        }
        Map<WalletAddress, Instant> newer = new HashMap<>();
        states.forEach(
                (wallet, s) -> {
                    Instant ok = s.status.lastSuccess();
                    if (ok != null
                            && (s.recordedSyncedAt == null || ok.isAfter(s.recordedSyncedAt))) {
                        newer.put(wallet, ok);
                    }
                });
        transactions.inTransaction("record wallet syncs", c -> WalletStore.recordSynced(c, newer));
        newer.forEach(
                (wallet, at) -> {
                    State s = states.get(wallet);
                    if (s != null) {
                        s.recordedSyncedAt = at;
                    }
                });
        lastRecorded = now;
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (StoreException e) {
            databaseOutage.failure(e.getMessage());
        }
    }

    private static String shortReason(DataApiException e) {
        if (e.status() == 429) {
            return "Polymarket rate limit (HTTP 429)";
        }
        if (e.status() >= 500) {
            return "Polymarket Data API unavailable (HTTP " + e.status() + ")";
        }
        if (e.status() == 0) {
            return "Polymarket Data API unreachable";
        }
        return "Polymarket Data API: " + e.getMessage();
    }

    /** Stops the cadence and waits up to 10 s for syncs in flight (their writes are atomic). */
    @Override
    public void close() {
        timer.close();
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
