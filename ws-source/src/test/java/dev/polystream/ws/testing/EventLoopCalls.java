package dev.polystream.ws.testing;

import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Runs each scripting call on the fake server's single event loop and waits for it, then sends what
 * the call queued; so calls are ordered like the test code that makes them. Also the polling wait
 * of the {@code await...} methods.
 */
final class EventLoopCalls {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final EventLoopGroup group;
    private final ClientSessions sessions;

    EventLoopCalls(EventLoopGroup group, ClientSessions sessions) {
        this.group = group;
        this.sessions = sessions;
    }

    <T> T call(Callable<T> task) {
        Callable<T> flushing =
                () -> {
                    try {
                        return task.call();
                    } finally {
                        sessions.flushOutbox();
                    }
                };
        try {
            return group.next()
                    .submit(flushing)
                    .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("The fake server's event loop is stuck", e);
        }
    }

    void run(Runnable change) {
        call(
                () -> {
                    change.run();
                    return null;
                });
    }

    static void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted waiting for " + what, e);
            }
        }
    }
}
