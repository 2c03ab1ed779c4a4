package dev.polystream.gateway.notify;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The schedule of the send queue: per chat a queue of replies, a queue of alerts and at most one
 * pending card edit; chats take turns round-robin; replies before alerts before card edits; a card
 * edit waits for its chat's edit interval; everything waits out a global pause (a 429 or a
 * back-off). Thread-safe: one lock guards it all; the sender waits on it.
 */
final class ChatTurns {

    private static final class ChatQueue {
        final ArrayDeque<SendJob<?>> replies = new ArrayDeque<>();
        final ArrayDeque<SendJob<?>> alerts = new ArrayDeque<>();
        SendJob<?> card;
        // nanoTime values are compared by difference only; "long ago" is now minus a day.
        long nextEditAt = System.nanoTime() - TimeUnit.DAYS.toNanos(1);

        boolean isEmpty() {
            return replies.isEmpty() && alerts.isEmpty() && card == null;
        }
    }

    private final long minEditIntervalNanos;
    private final Object lock = new Object();
    private final Map<Long, ChatQueue> chats = new HashMap<>();

    /** Chats with queued work, in turn order. */
    private final ArrayDeque<Long> ring = new ArrayDeque<>();

    private long pauseUntil = System.nanoTime() - TimeUnit.DAYS.toNanos(1);

    ChatTurns(long minEditIntervalNanos) {
        this.minEditIntervalNanos = minEditIntervalNanos;
    }

    /** Queues a job at the back of its chat's queue; a card edit replaces one still waiting. */
    void add(SendJob<?> job) {
        synchronized (lock) {
            ChatQueue q = chats.computeIfAbsent(job.chatId, id -> new ChatQueue());
            boolean wasIdle = q.isEmpty();
            switch (job.priority) {
                case REPLY -> q.replies.add(job);
                case ALERT -> q.alerts.add(job);
                case CARD -> {
                    SendJob<?> older = q.card;
                    q.card = job;
                    if (older != null) {
                        older.supersede();
                    }
                }
            }
            if (wasIdle) {
                ring.remove(job.chatId);
                ring.addLast(job.chatId);
            }
            lock.notifyAll();
        }
    }

    /** Puts a job that could not go out back at the front of its chat's queue and turn. */
    void requeueFront(SendJob<?> job) {
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
                        job.supersede();
                    }
                }
            }
            if (wasIdle && !q.isEmpty()) {
                ring.addFirst(job.chatId);
            }
            lock.notifyAll();
        }
    }

    /**
     * Waits for the next job due, respecting pauses, priorities, turns and the edit interval; null
     * once {@code running} turns false.
     */
    SendJob<?> next(BooleanSupplier running) throws InterruptedException {
        synchronized (lock) {
            while (running.getAsBoolean()) {
                long now = System.nanoTime();
                if (now - pauseUntil < 0) {
                    waitNanos(pauseUntil - now);
                    continue;
                }
                long nextCardDue = Long.MAX_VALUE;
                for (SendQueue.Priority p : SendQueue.Priority.values()) {
                    Iterator<Long> turns = ring.iterator();
                    while (turns.hasNext()) {
                        long chatId = turns.next();
                        ChatQueue q = chats.get(chatId);
                        SendJob<?> job = null;
                        if (p == SendQueue.Priority.REPLY) {
                            job = q.replies.poll();
                        } else if (p == SendQueue.Priority.ALERT) {
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

    /** Nothing goes out for {@code nanos} from now. */
    void pauseFor(long nanos) {
        synchronized (lock) {
            pauseUntil = System.nanoTime() + nanos;
        }
    }

    /** An edit of the chat reached Telegram now: the next one waits the edit interval. */
    void editAnswered(long chatId) {
        synchronized (lock) {
            chats.computeIfAbsent(chatId, id -> new ChatQueue()).nextEditAt =
                    System.nanoTime() + minEditIntervalNanos;
        }
    }

    /** Wakes the sender (it is stopping). */
    void wake() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    /** Requests waiting, all chats together. */
    int pending() {
        synchronized (lock) {
            int n = 0;
            for (ChatQueue q : chats.values()) {
                n += q.replies.size() + q.alerts.size() + (q.card == null ? 0 : 1);
            }
            return n;
        }
    }

    /** Fails everything still queued: the bot stopped. */
    void failAll() {
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
}
