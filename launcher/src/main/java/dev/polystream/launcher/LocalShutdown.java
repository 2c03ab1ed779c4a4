package dev.polystream.launcher;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns Ctrl-C (SIGINT) and SIGTERM into one ordered stop of the local stack: job, gateway, Kafka,
 * PostgreSQL ({@link LocalStack#close()}). Handling the signals itself, instead of only a shutdown
 * hook, keeps the JVM from running the libraries' own exit hooks (the broker's directory removal,
 * the embedded database's closer) while the job and the gateway still use them: they run at exit,
 * after everything is closed. A signal during start-up stops the stack as soon as it is up; a
 * second signal exits at once.
 */
final class LocalShutdown {

    private static final Logger LOG = LoggerFactory.getLogger(LocalShutdown.class);

    private final AtomicReference<LocalStack> stack = new AtomicReference<>();
    private final AtomicBoolean requested = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);

    /** Installs the signal handlers and a shutdown hook (for an exit by other means). */
    static LocalShutdown install() {
        LocalShutdown shutdown = new LocalShutdown();
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), signal -> shutdown.onSignal());
            } catch (IllegalArgumentException reservedByTheJvm) {
                // e.g. under -Xrs: the shutdown hook still stops the stack.
                LOG.debug("SIG{} not handled: {}", name, reservedByTheJvm.getMessage());
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown::onExit, "polystream-shutdown"));
        return shutdown;
    }

    private void onSignal() {
        if (requested.get()) {
            LOG.warn("Interrupted again: exiting without waiting");
            Runtime.getRuntime().halt(130);
        }
        new Thread(this::requestStop, "polystream-stop").start();
    }

    /** The JVM exits by other means (System.exit, a failed start): stop a running stack. */
    private void onExit() {
        if (stack.get() != null) {
            requestStop();
        }
    }

    /** The stack to stop; stops it at once when a stop was requested while it started. */
    void started(LocalStack started) {
        stack.set(started);
        if (requested.get()) {
            closeOnce();
        }
    }

    /** Whether a signal (or the JVM's exit) asked for the stop. */
    boolean stopRequested() {
        return requested.get();
    }

    /** Stops the stack (once), or marks the stop for when it is up. */
    void requestStop() {
        if (requested.compareAndSet(false, true)) {
            LOG.info(
                    stack.get() == null
                            ? "Interrupted: stopping as soon as the start-up is done"
                            : "Interrupted: stopping the job, gateway, Kafka and PostgreSQL");
        }
        if (stack.get() != null) {
            closeOnce();
        }
    }

    /** Closes the stack unless that is under way; returns once it is closed. */
    void closeOnce() {
        if (closing.compareAndSet(false, true)) {
            stack.get().close();
            LOG.info("Stopped");
            closed.countDown();
        }
        awaitClosed();
    }

    private void awaitClosed() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
