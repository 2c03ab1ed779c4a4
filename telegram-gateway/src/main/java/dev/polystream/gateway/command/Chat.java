package dev.polystream.gateway.command;

import dev.polystream.gateway.notify.SendQueue;
import dev.polystream.gateway.telegram.Keyboard;
import java.util.concurrent.CompletableFuture;

/** Replies into one chat, through the send queue at reply priority. */
public final class Chat {

    private final long chatId;
    private final long userId;
    private final SendQueue queue;

    public Chat(long chatId, long userId, SendQueue queue) {
        this.chatId = chatId;
        this.userId = userId;
        this.queue = queue;
    }

    public long chatId() {
        return chatId;
    }

    public long userId() {
        return userId;
    }

    /** Sends HTML (already escaped where it carries user or catalogue text). */
    public CompletableFuture<Long> reply(String html) {
        return reply(html, Keyboard.NONE);
    }

    public CompletableFuture<Long> reply(String html, Keyboard keyboard) {
        return queue.send(chatId, html, keyboard, SendQueue.Priority.REPLY);
    }

    public CompletableFuture<Boolean> edit(long messageId, String html, Keyboard keyboard) {
        return queue.edit(chatId, messageId, html, keyboard);
    }

    /** Deletes one of the trader's messages; completes exceptionally when Telegram refused. */
    public CompletableFuture<Boolean> delete(long messageId) {
        return queue.delete(chatId, messageId);
    }

    public CompletableFuture<Long> photo(byte[] png, String captionHtml) {
        return queue.sendPhoto(chatId, png, captionHtml);
    }
}
