package dev.polystream.gateway;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's background threads: daemons (they never keep the process alive; shutdown stops
 * their work explicitly) with names that say what they do in a thread dump and a log line.
 */
public final class DaemonThreads {

    private DaemonThreads() {}

    /** Every thread named {@code name} (for a pool of one). */
    public static ThreadFactory named(String name) {
        return r -> daemon(r, name);
    }

    /** Threads named {@code prefix1}, {@code prefix2}, ... in the order they start. */
    public static ThreadFactory numbered(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> daemon(r, prefix + n.incrementAndGet());
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
