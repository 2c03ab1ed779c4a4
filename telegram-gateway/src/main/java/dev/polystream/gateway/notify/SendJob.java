package dev.polystream.gateway.notify;

import java.util.concurrent.CompletableFuture;

/** One queued Bot API request: its chat, priority, call, result and when it was queued. */
final class SendJob<T> {
    final long chatId;
    final SendQueue.Priority priority;
    final SendQueue.Call<T> call;
    final CompletableFuture<T> result = new CompletableFuture<>();
    final long queuedAt = System.nanoTime();
    final String what;

    SendJob(long chatId, SendQueue.Priority priority, SendQueue.Call<T> call, String what) {
        this.chatId = chatId;
        this.priority = priority;
        this.call = call;
        this.what = what;
    }

    boolean isEdit() {
        return what.startsWith("editMessageText");
    }

    /** Completes a card edit that a newer one replaced, or that could not be put back. */
    @SuppressWarnings("unchecked")
    void supersede() {
        ((CompletableFuture<Boolean>) result).complete(false);
    }
}
