package dev.polystream.ws.transport;

import dev.polystream.ws.PriceSource;
import dev.polystream.ws.PriceTick;
import dev.polystream.ws.book.BookHashParams;
import dev.polystream.ws.book.HashCheck;
import dev.polystream.ws.book.MarketFeedProcessor;
import dev.polystream.ws.book.Options;
import dev.polystream.ws.protocol.BookEvent;
import dev.polystream.ws.resilience.OutageLog;
import dev.polystream.ws.rest.ClobRestClient;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prices tokens over REST while the market channel cannot (§10): a token without a live book for
 * {@code fallbackAfter} (its socket down or reconnecting, or its snapshot missing) is polled with
 * {@code POST /books} every {@code restPollInterval} until its socket delivers a snapshot again.
 * Polled books go through a {@link MarketFeedProcessor} like snapshots and come out as {@link
 * PriceSource#POLL} ticks; a book whose hash did not change since the last poll yields no tick.
 *
 * <p>Liveness is reported by the connections from their event loops ({@link #down}, {@link #live},
 * {@link #forget}); everything else runs on the fallback's own event loop.
 */
final class RestFallback {

    private static final Logger LOG = LoggerFactory.getLogger(RestFallback.class);

    private final MarketChannelClient client;
    private final MarketChannelConfig config;
    private final EventLoop loop;
    private final ClobRestClient rest;

    /** Tokens without a live book, and since when (nanoTime). */
    private final ConcurrentHashMap<String, Long> downSince = new ConcurrentHashMap<>();

    /** Market parameters learned from REST books, shared with the live processors' hash checks. */
    private final ConcurrentHashMap<String, BookHashParams> marketParams =
            new ConcurrentHashMap<>();

    final AtomicLong polls = new AtomicLong();
    final AtomicLong checks = new AtomicLong();
    final AtomicLong books = new AtomicLong();
    final AtomicLong ticks = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    private volatile int polling;

    // Confined to the loop.
    private final MarketFeedProcessor processor;
    private final Map<String, String> lastHash = new HashMap<>();
    private ScheduledFuture<?> task;
    private ScheduledFuture<?> checkTask;
    private boolean inFlight;
    private boolean checkInFlight;
    private boolean closed;
    private final OutageLog outage = new OutageLog(LOG, "REST fallback: CLOB REST");

    RestFallback(MarketChannelClient client, EventLoop loop) {
        this.client = client;
        this.config = client.config;
        this.loop = loop;
        this.rest = new ClobRestClient(config.restUrl(), config.restTimeout());
        this.processor =
                new MarketFeedProcessor(
                        PriceSource.POLL,
                        downSince::containsKey,
                        Options.defaults().withHashCheck(HashCheck.SNAPSHOTS));
    }

    /** What the live processors' hash checks should assume for a token; null if unknown. */
    BookHashParams marketParams(String token) {
        return marketParams.get(token);
    }

    // ---------------------------------------------------------------------------------------
    // Liveness, from any thread

    /** The token has no live book from now on (unless it already had none). */
    void down(String token) {
        downSince.putIfAbsent(token, System.nanoTime());
    }

    /** The token's socket delivered its snapshot: polling stops. */
    void live(String token) {
        downSince.remove(token);
    }

    /** The token is no longer subscribed. */
    void forget(String token) {
        downSince.remove(token);
    }

    /** Tokens polled now. */
    int pollingTokens() {
        return polling;
    }

    // ---------------------------------------------------------------------------------------

    void start() {
        long periodMs = config.restPollInterval().toMillis();
        long checkMs = config.restCheckInterval().toMillis();
        loop.execute(
                () -> {
                    if (!closed && task == null) {
                        task =
                                loop.scheduleAtFixedRate(
                                        this::poll, periodMs, periodMs, TimeUnit.MILLISECONDS);
                        if (checkMs > 0) {
                            checkTask =
                                    loop.scheduleAtFixedRate(
                                            this::crossCheck,
                                            checkMs,
                                            checkMs,
                                            TimeUnit.MILLISECONDS);
                        }
                    }
                });
    }

    void close() {
        loop.execute(
                () -> {
                    closed = true;
                    if (task != null) {
                        task.cancel(false);
                    }
                    if (checkTask != null) {
                        checkTask.cancel(false);
                    }
                });
    }

    /**
     * Fetches the REST books of every live token and hands each connection its own to compare (NT
     * #4901: one asset's updates can stop while the socket stays healthy).
     */
    private void crossCheck() {
        if (closed || checkInFlight) {
            return;
        }
        Map<MarketConnection, List<String>> live = client.liveTokens(downSince::containsKey);
        List<String> tokens = new ArrayList<>();
        live.values().forEach(tokens::addAll);
        if (tokens.isEmpty()) {
            return;
        }
        checkInFlight = true;
        checks.addAndGet(
                (tokens.size() + ClobRestClient.MAX_BOOKS_PER_REQUEST - 1)
                        / ClobRestClient.MAX_BOOKS_PER_REQUEST);
        rest.books(tokens)
                .whenComplete(
                        (result, error) ->
                                loop.execute(
                                        () -> {
                                            checkInFlight = false;
                                            if (error != null) {
                                                failed(error);
                                                return;
                                            }
                                            learn(result);
                                            live.forEach(
                                                    (connection, mine) -> {
                                                        Map<String, BookEvent> books =
                                                                new HashMap<>();
                                                        for (String token : mine) {
                                                            BookEvent book =
                                                                    result.byToken().get(token);
                                                            if (book != null) {
                                                                books.put(token, book);
                                                            }
                                                        }
                                                        if (!books.isEmpty()) {
                                                            connection.crossCheck(books);
                                                        }
                                                    });
                                        }));
    }

    private void learn(ClobRestClient.Books result) {
        outage.answered();
        for (BookEvent book : result.byToken().values()) {
            if (book.minOrderSize() != null && book.negRisk() != null) {
                marketParams.put(
                        book.assetId(), new BookHashParams(book.minOrderSize(), book.negRisk()));
            }
        }
    }

    private void poll() {
        if (closed || inFlight) {
            return;
        }
        long now = System.nanoTime();
        long after = config.fallbackAfter().toNanos();
        List<String> due = new ArrayList<>();
        downSince.forEach(
                (token, since) -> {
                    if (now - since >= after) {
                        due.add(token);
                    }
                });
        if (due.size() != polling) {
            if (due.isEmpty()) {
                LOG.info("REST fallback: every token is live again, polling stops");
            } else {
                LOG.info(
                        "REST fallback: polling {} tokens without a live book for {}",
                        due.size(),
                        config.fallbackAfter());
            }
            polling = due.size();
        }
        lastHash.keySet().retainAll(downSince.keySet());
        for (String token : List.copyOf(processor.bookTokens())) {
            if (!downSince.containsKey(token)) {
                processor.forget(token);
            }
        }
        if (due.isEmpty()) {
            return;
        }
        inFlight = true;
        polls.addAndGet(
                (due.size() + ClobRestClient.MAX_BOOKS_PER_REQUEST - 1)
                        / ClobRestClient.MAX_BOOKS_PER_REQUEST);
        rest.books(due)
                .whenComplete(
                        (result, error) ->
                                loop.execute(
                                        () -> {
                                            inFlight = false;
                                            if (error != null) {
                                                failed(error);
                                            } else {
                                                deliver(result);
                                            }
                                        }));
    }

    private void deliver(ClobRestClient.Books result) {
        if (closed) {
            return;
        }
        List<BookEvent> changed = new ArrayList<>();
        learn(result);
        for (BookEvent book : result.byToken().values()) {
            books.incrementAndGet();
            // Still down? The socket may have come back while the request was out.
            if (!downSince.containsKey(book.assetId())) {
                continue;
            }
            String hash = book.hash() != null ? book.hash() : Long.toString(book.timestamp());
            if (Objects.equals(lastHash.put(book.assetId(), hash), hash)) {
                continue;
            }
            changed.add(book);
        }
        if (changed.isEmpty()) {
            return;
        }
        List<PriceTick> out = processor.onBooks(changed, System.currentTimeMillis());
        if (!out.isEmpty()) {
            ticks.addAndGet(out.size());
            client.deliver(out);
        }
    }

    /** A REST outage fails every poll: {@link OutageLog} reports it once, not per poll. */
    private void failed(Throwable error) {
        errors.incrementAndGet();
        Throwable cause = error.getCause() != null ? error.getCause() : error;
        outage.failure(String.valueOf(cause.getMessage()));
    }
}
