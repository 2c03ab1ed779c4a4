package dev.polystream.gateway;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chore run at a fixed delay on its own daemon thread. Whatever the chore throws is logged and
 * the next run goes ahead: a chore never dies of one bad pass.
 */
public final class Periodic implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Periodic.class);

    private final String name;
    private final ScheduledExecutorService timer;

    public Periodic(String name) {
        this.name = name;
        this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named(name));
    }

    /** Runs {@code chore} after {@code initialDelay}, then {@code delay} after each run ends. */
    public void start(Duration initialDelay, Duration delay, Runnable chore) {
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        chore.run();
                    } catch (RuntimeException e) {
                        LOG.error("{}: a pass failed; the next one runs as planned", name, e);
                    }
                },
                initialDelay.toMillis(),
                delay.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Stops the chore, waiting up to 5 s for a running pass. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
