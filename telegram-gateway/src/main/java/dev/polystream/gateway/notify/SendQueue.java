package dev.polystream.gateway.notify;

import dev.polystream.gateway.telegram.BotApi;
import dev.polystream.gateway.telegram.BotApiException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the bot sends goes through here, one request at a time on one thread:
 *
 * <ul>
 *   <li>a global budget of {@code telegram.requests-per-second} (a token bucket), shared fairly:
 *       chats take turns round-robin;
 *   <li>priorities: replies to the trader first, then alerts, then live-card edits;
 *   <li>live-card edits coalesce (only the newest text of a chat's card is kept) and go out at most
 *       once per chat every {@code card.min-edit-interval}, counting every attempt;
 *   <li>HTTP 429: everything waits exactly {@code retry_after} seconds, then the same request is
 *       tried again; 5xx and network failures: retried with exponential back-off (0.5 s to 30 s);
 *       nothing queued is dropped (alerts and card edits retry until delivered, replies give up
 *       after a few minutes); "message is not modified" counts as delivered.
 * </ul>
 */
public final class SendQueue implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SendQueue.class);

    private static final long INITIAL_BACKOFF_MS = 500;
    private static final long MAX_BACKOFF_MS = 30_000;
    private static final long REPLY_GIVE_UP_NANOS = TimeUnit.MINUTES.toNanos(3);
    private static final Duration FINISH_IN_FLIGHT = Duration.ofSeconds(10);

    /** The order in which queued requests go out. */
    public enum Priority {
        REPLY,
        ALERT,
        CARD
    }

    /** One Bot API request. */
    @FunctionalInterface
    public interface Call<T> {
        T send(BotApi api) throws BotApiException;
    }

    private static final class Job<T> {
        final long chatId;
        final Priority priority;
        final Call<T> call;
        final CompletableFuture<T> result = new CompletableFuture<>();
        final long queuedAt = System.nanoTime();
        final String what;

        Job(long chatId, Priority priority, Call<T> call, String what) {
            this.chatId = chatId;
            this.priority = priority;
            this.call = call;
            this.what = what;
        }

        boolean isEdit() {
            return what.startsWith("editMessageText");
        }
    }

    private static final class ChatQueue {
        final ArrayDeque<Job<?>> replies = new ArrayDeque<>();
        final ArrayDeque<Job<?>> alerts = new ArrayDeque<>();
        Job<?> card;
        // nanoTime values are compared by difference only; "long ago" is now minus a day.
        long nextEditAt = System.nanoTime() - TimeUnit.DAYS.toNanos(1);

        boolean isEmpty() {
            return replies.isEmpty() && alerts.isEmpty() && card == null;
        }
    }

    private final BotApi api;
    private final long minEditIntervalNanos;
    private final double ratePerNano;
    private final double bucketCapacity;
    private final Object lock = new Object();
    private final Map<Long, ChatQueue> chats = new HashMap<>();

    /** Chats with queued work, in turn order. */
    private final ArrayDeque<Long> ring = new ArrayDeque<>();

    private final Thread sender;
    private volatile boolean running = true;
    private long pauseUntil = System.nanoTime() - TimeUnit.DAYS.toNanos(1);
    private long backoffMs = INITIAL_BACKOFF_MS;
    private double tokens;
    private long tokensAt = System.nanoTime();
    private boolean outage;

    public SendQueue(BotApi api, int requestsPerSecond, Duration minEditInterval) {
        this.api = api;
        this.minEditIntervalNanos = minEditInterval.toNanos();
        this.ratePerNano = requestsPerSecond / 1e9;
        this.bucketCapacity = Math.max(1, requestsPerSecond / 5.0);
        this.tokens = bucketCapacity;
        this.sender = new Thread(this::run, "telegram-sender");
        sender.setDaemon(true);
        sender.start();
    }

    /** Sends an HTML message; completes with its message id. */
    public CompletableFuture<Long> send(long chatId, String html, Keyboard keyboard, Priority p) {
        String text = Html.clip(html);
        return enqueue(
                new Job<>(
                        chatId, p, api -> api.sendMessage(chatId, text, keyboard), "sendMessage"));
    }

    /** Edits a message at reply priority (the trader tapped something). */
    public CompletableFuture<Boolean> edit(
            long chatId, long messageId, String html, Keyboard keyboard) {
        String text = Html.clip(html);
        return enqueue(
                new Job<>(
                        chatId,
                        Priority.REPLY,
                        api -> {
                            editOrNotModified(api, chatId, messageId, text, keyboard);
                            return true;
                        },
                        "editMessageText"));
    }

    /**
     * Queues an automatic edit of a chat's live card. A newer one replaces one still waiting (that
     * one completes with false); completes with true once Telegram has the text.
     */
    public CompletableFuture<Boolean> editCard(
            long chatId, long messageId, String html, Keyboard keyboard) {
        String text = Html.clip(html);
        return enqueue(
                new Job<>(
                        chatId,
                        Priority.CARD,
                        api -> {
                            editOrNotModified(api, chatId, messageId, text, keyboard);
                            return true;
                        },
                        "editMessageText(card)"));
    }

    public CompletableFuture<Boolean> answerCallback(long chatId, String callbackId, String text) {
        String answer =
                text == null ? null : text.length() > 190 ? text.substring(0, 190) + "…" : text;
        return enqueue(
                new Job<>(
                        chatId,
                        Priority.REPLY,
                        api -> {
                            api.answerCallback(callbackId, answer);
                            return true;
                        },
                        "answerCallbackQuery"));
    }

    public CompletableFuture<Long> sendPhoto(long chatId, byte[] png, String captionHtml) {
        String caption =
                captionHtml.length() > 1000
                        ? Html.clip(captionHtml).substring(0, 1000)
                        : captionHtml;
        return enqueue(
                new Job<>(
                        chatId,
                        Priority.REPLY,
                        api -> api.sendPhoto(chatId, png, "chart.png", caption),
                        "sendPhoto"));
    }

    /** Requests waiting, all chats together. */
    public int pending() {
        synchronized (lock) {
            int n = 0;
            for (ChatQueue q : chats.values()) {
                n += q.replies.size() + q.alerts.size() + (q.card == null ? 0 : 1);
            }
            return n;
        }
    }

    private static void editOrNotModified(
            BotApi api, long chatId, long messageId, String text, Keyboard keyboard)
            throws BotApiException {
        try {
            api.editMessage(chatId, messageId, text, keyboard);
        } catch (BotApiException e) {
            if (e.kind() != BotApiException.Kind.NOT_MODIFIED) {
                throw e;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<T> enqueue(Job<T> job) {
        if (!running) {
            job.result.completeExceptionally(new CancellationException("The bot is stopping"));
            return job.result;
        }
        synchronized (lock) {
            ChatQueue q = chats.computeIfAbsent(job.chatId, id -> new ChatQueue());
            boolean wasIdle = q.isEmpty();
            switch (job.priority) {
                case REPLY -> q.replies.add(job);
                case ALERT -> q.alerts.add(job);
                case CARD -> {
                    Job<?> older = q.card;
                    q.card = job;
                    if (older != null) {
                        ((CompletableFuture<Boolean>) older.result).complete(false);
                    }
                }
            }
            if (wasIdle) {
                ring.remove(job.chatId);
                ring.addLast(job.chatId);
            }
            lock.notifyAll();
        }
        return job.result;
    }

    private void run() {
        while (running) {
            Job<?> job;
            try {
                job = next();
            } catch (InterruptedException e) {
                break;
            }
            if (job == null) {
                continue;
            }
            deliver(job);
        }
        failAll();
    }

    /** Waits for the next job due, respecting pauses, priorities, turns and the edit interval. */
    private Job<?> next() throws InterruptedException {
        synchronized (lock) {
            while (running) {
                long now = System.nanoTime();
                if (now - pauseUntil < 0) {
                    waitNanos(pauseUntil - now);
                    continue;
                }
                long nextCardDue = Long.MAX_VALUE;
                for (Priority p : Priority.values()) {
                    Iterator<Long> turns = ring.iterator();
                    while (turns.hasNext()) {
                        long chatId = turns.next();
                        ChatQueue q = chats.get(chatId);
                        Job<?> job = null;
                        if (p == Priority.REPLY) {
                            job = q.replies.poll();
                        } else if (p == Priority.ALERT) {
                            job = q.alerts.poll();
                        } else if (q.card != null) {
                            if (q.nextEditAt - now <= 0) {
                                job = q.card;
                                q.card = null;
                            } else {
                                nextCardDue = Math.min(nextCardDue, q.nextEditAt - now);
                            }
                        }
                        if (job != null) {
                            turns.remove();
                            if (!q.isEmpty()) {
                                ring.addLast(chatId);
                            }
                            return job;
                        }
                    }
                }
                waitNanos(
                        nextCardDue == Long.MAX_VALUE ? TimeUnit.SECONDS.toNanos(1) : nextCardDue);
            }
            return null;
        }
    }

    private void waitNanos(long nanos) throws InterruptedException {
        long ms = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos) + 1);
        lock.wait(Math.min(ms, 1000));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void deliver(Job job) {
        try {
            takeToken();
        } catch (InterruptedException e) {
            requeueFront(job);
            return;
        }
        try {
            sendAndRecord(job);
            onSuccess();
        } catch (BotApiException e) {
            switch (e.kind()) {
                case NOT_MODIFIED -> {
                    job.result.complete(null);
                    onSuccess();
                }
                case RATE_LIMITED -> {
                    LOG.info(
                            "Telegram rate limit on {}: waiting exactly {} s",
                            job.what,
                            e.retryAfterSeconds());
                    synchronized (lock) {
                        pauseUntil =
                                System.nanoTime() + TimeUnit.SECONDS.toNanos(e.retryAfterSeconds());
                    }
                    requeueFront(job);
                }
                case TRANSIENT -> {
                    long wait = backoffMs;
                    backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
                    if (!outage) {
                        outage = true;
                        LOG.warn(
                                "Telegram unreachable or failing ({}); retrying with back-off",
                                e.getMessage());
                    } else {
                        LOG.debug(
                                "Telegram still failing, next try in {} ms: {}",
                                wait,
                                e.getMessage());
                    }
                    synchronized (lock) {
                        pauseUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait);
                    }
                    if (job.priority == Priority.REPLY
                            && System.nanoTime() - job.queuedAt > REPLY_GIVE_UP_NANOS) {
                        job.result.completeExceptionally(e);
                    } else {
                        requeueFront(job);
                    }
                }
                case PERMANENT -> {
                    LOG.warn(
                            "Telegram refused {} for chat {}: {}",
                            job.what,
                            job.chatId,
                            e.getMessage());
                    job.result.completeExceptionally(e);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("Unexpected failure sending {}", job.what, e);
            job.result.completeExceptionally(e);
        }
    }

    /**
     * Sends the job and completes it. Every edit attempt, automatic or tapped, answered or refused,
     * counts against the chat's edit budget, measured from when Telegram's answer arrived: the next
     * edit of the chat cannot reach Telegram sooner than the interval after this one did.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void sendAndRecord(Job job) throws BotApiException {
        try {
            Object value = job.call.send(api);
            job.result.complete(value);
        } finally {
            if (job.isEdit()) {
                synchronized (lock) {
                    chats.computeIfAbsent(job.chatId, id -> new ChatQueue()).nextEditAt =
                            System.nanoTime() + minEditIntervalNanos;
                }
            }
        }
    }

    private void onSuccess() {
        backoffMs = INITIAL_BACKOFF_MS;
        if (outage) {
            outage = false;
            LOG.info("Telegram reachable again");
        }
    }

    @SuppressWarnings("unchecked")
    private void requeueFront(Job<?> job) {
        synchronized (lock) {
            ChatQueue q = chats.computeIfAbsent(job.chatId, id -> new ChatQueue());
            boolean wasIdle = q.isEmpty();
            switch (job.priority) {
                case REPLY -> q.replies.addFirst(job);
                case ALERT -> q.alerts.addFirst(job);
                case CARD -> {
                    if (q.card == null) {
                        q.card = job;
                    } else {
                        ((CompletableFuture<Boolean>) job.result).complete(false);
                    }
                }
            }
            if (wasIdle && !q.isEmpty()) {
                ring.addFirst(job.chatId);
            }
            lock.notifyAll();
        }
    }

    /** The global budget: a token bucket refilled at the configured rate. */
    private void takeToken() throws InterruptedException {
        while (true) {
            long now = System.nanoTime();
            tokens = Math.min(bucketCapacity, tokens + (now - tokensAt) * ratePerNano);
            tokensAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return;
            }
            if (!running) {
                throw new InterruptedException("The bot is stopping");
            }
            long waitNanos = (long) ((1 - tokens) / ratePerNano);
            TimeUnit.NANOSECONDS.sleep(Math.max(1_000_000, Math.min(waitNanos, 100_000_000)));
        }
    }

    private void failAll() {
        synchronized (lock) {
            CancellationException stopping = new CancellationException("The bot stopped");
            for (ChatQueue q : chats.values()) {
                q.replies.forEach(j -> j.result.completeExceptionally(stopping));
                q.alerts.forEach(j -> j.result.completeExceptionally(stopping));
                if (q.card != null) {
                    q.card.result.completeExceptionally(stopping);
                }
            }
            chats.clear();
            ring.clear();
        }
    }

    /**
     * Stops sending; what is still queued is failed (alerts stay undelivered in the database). A
     * request already on the wire is let finish, with its completion (an alert marked delivered),
     * for up to {@link #FINISH_IN_FLIGHT}: interrupting it could lose Telegram's answer to a
     * message it accepted, and that message would be sent again after a restart.
     */
    @Override
    public void close() {
        running = false;
        synchronized (lock) {
            lock.notifyAll();
        }
        try {
            sender.join(FINISH_IN_FLIGHT.toMillis());
            if (sender.isAlive()) {
                sender.interrupt();
                sender.join(TimeUnit.SECONDS.toMillis(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
