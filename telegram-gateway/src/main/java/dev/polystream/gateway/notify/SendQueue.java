package dev.polystream.gateway.notify;

import dev.polystream.gateway.telegram.BotApi;
import dev.polystream.gateway.telegram.BotApiException;
import dev.polystream.gateway.telegram.Keyboard;
import dev.polystream.ws.resilience.Backoff;
import dev.polystream.ws.resilience.OutageLog;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the bot sends goes through here, one request at a time on one thread (the sender loop;
 * the schedule is {@link ChatTurns}, the budget {@link RequestBudget}):
 *
 * <ul>
 *   <li>a global budget of {@code telegram.requests-per-second} (a token bucket), shared fairly:
 *       chats take turns round-robin;
 *   <li>priorities: replies to the trader first, then alerts, then live-card edits;
 *   <li>live-card edits coalesce (only the newest text of a chat's card is kept) and go out at most
 *       once per chat every {@code card.min-edit-interval}, counting every attempt;
 *   <li>HTTP 429: everything waits exactly {@code retry_after} seconds, then the same request is
 *       tried again; 5xx and network failures: retried with the project's jittered back-off ({@link
 *       Backoff}, 0.5 s to 30 s) and logged as one outage ({@link OutageLog}); nothing queued is
 *       dropped (alerts and card edits retry until delivered, replies give up after a few minutes);
 *       "message is not modified" counts as delivered.
 * </ul>
 */
public final class SendQueue implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SendQueue.class);

    private static final Backoff BACKOFF =
            new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
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

    private final BotApi api;
    private final ChatTurns turns;
    private final RequestBudget budget;
    private final OutageLog outage = new OutageLog(LOG, "Telegram");
    private final Thread sender;
    private volatile boolean running = true;

    /** Failed requests in a row (sender thread only). */
    private int failures;

    public SendQueue(BotApi api, int requestsPerSecond, Duration minEditInterval) {
        this.api = api;
        this.turns = new ChatTurns(minEditInterval.toNanos());
        this.budget = new RequestBudget(requestsPerSecond);
        this.sender = new Thread(this::run, "telegram-sender");
        sender.setDaemon(true);
        sender.start();
    }

    /** Sends an HTML message; completes with its message id. */
    public CompletableFuture<Long> send(long chatId, String html, Keyboard keyboard, Priority p) {
        String text = Html.clip(html);
        return enqueue(
                new SendJob<>(
                        chatId, p, api -> api.sendMessage(chatId, text, keyboard), "sendMessage"));
    }

    /** Edits a message at reply priority (the trader tapped something). */
    public CompletableFuture<Boolean> edit(
            long chatId, long messageId, String html, Keyboard keyboard) {
        String text = Html.clip(html);
        return enqueue(
                new SendJob<>(
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
                new SendJob<>(
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
                new SendJob<>(
                        chatId,
                        Priority.REPLY,
                        api -> {
                            api.answerCallback(callbackId, answer);
                            return true;
                        },
                        "answerCallbackQuery"));
    }

    /**
     * Deletes a message at reply priority (the first thing done with a message carrying
     * credentials); completes with true once Telegram deleted it, exceptionally when it refused.
     */
    public CompletableFuture<Boolean> delete(long chatId, long messageId) {
        return enqueue(
                new SendJob<>(
                        chatId,
                        Priority.REPLY,
                        api -> {
                            api.deleteMessage(chatId, messageId);
                            return true;
                        },
                        "deleteMessage"));
    }

    public CompletableFuture<Long> sendPhoto(long chatId, byte[] png, String captionHtml) {
        String caption =
                captionHtml.length() > 1000
                        ? Html.clip(captionHtml).substring(0, 1000)
                        : captionHtml;
        return enqueue(
                new SendJob<>(
                        chatId,
                        Priority.REPLY,
                        api -> api.sendPhoto(chatId, png, "chart.png", caption),
                        "sendPhoto"));
    }

    /** Requests waiting, all chats together. */
    public int pending() {
        return turns.pending();
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

    private <T> CompletableFuture<T> enqueue(SendJob<T> job) {
        if (!running) {
            job.result.completeExceptionally(new CancellationException("The bot is stopping"));
            return job.result;
        }
        turns.add(job);
        return job.result;
    }

    private void run() {
        while (running) {
            SendJob<?> job;
            try {
                job = turns.next(() -> running);
            } catch (InterruptedException e) {
                break;
            }
            if (job == null) {
                continue;
            }
            deliver(job);
        }
        turns.failAll();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void deliver(SendJob job) {
        try {
            budget.take(() -> running);
        } catch (InterruptedException e) {
            turns.requeueFront(job);
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
                    turns.pauseFor(TimeUnit.SECONDS.toNanos(e.retryAfterSeconds()));
                    turns.requeueFront(job);
                }
                case TRANSIENT -> onTransient(job, e);
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

    /** 5xx or a network failure: everything backs off; a reply queued too long gives up. */
    private void onTransient(SendJob<?> job, BotApiException e) {
        failures++;
        Duration wait = BACKOFF.delay(failures);
        outage.failure(e.getMessage());
        LOG.debug("Telegram failing, next try in {} ms: {}", wait.toMillis(), e.getMessage());
        turns.pauseFor(wait.toNanos());
        if (job.priority == Priority.REPLY
                && System.nanoTime() - job.queuedAt > REPLY_GIVE_UP_NANOS) {
            job.result.completeExceptionally(e);
        } else {
            turns.requeueFront(job);
        }
    }

    /**
     * Sends the job and completes it. Every edit attempt, automatic or tapped, answered or refused,
     * counts against the chat's edit budget, measured from when Telegram's answer arrived: the next
     * edit of the chat cannot reach Telegram sooner than the interval after this one did.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void sendAndRecord(SendJob job) throws BotApiException {
        try {
            Object value = job.call.send(api);
            job.result.complete(value);
        } finally {
            if (job.isEdit()) {
                turns.editAnswered(job.chatId);
            }
        }
    }

    private void onSuccess() {
        failures = 0;
        outage.answered();
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
        turns.wake();
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
