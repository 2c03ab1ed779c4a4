package dev.polystream.gateway.telegram;

import dev.polystream.gateway.DaemonThreads;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the handling of updates on a few worker threads: chats in parallel, each chat's updates in
 * the order they arrived (so a Confirm is never handled before the /buy that showed it).
 */
final class ChatExecutor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChatExecutor.class);

    private final ExecutorService workers;
    private final Map<Long, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    ChatExecutor(int threads) {
        this.workers = Executors.newFixedThreadPool(threads, DaemonThreads.numbered("bot-worker-"));
    }

    void submit(long chatId, Runnable task) {
        tails.compute(
                chatId,
                (id, tail) -> {
                    CompletableFuture<Void> previous =
                            tail == null ? CompletableFuture.completedFuture(null) : tail;
                    CompletableFuture<Void> next =
                            previous.thenRunAsync(() -> runQuietly(task), workers);
                    next.whenComplete((v, e) -> tails.remove(id, next));
                    return next;
                });
    }

    private static void runQuietly(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("Handling an update failed", e);
        }
    }

    @Override
    public void close() {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
    }
}
