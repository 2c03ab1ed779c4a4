package dev.polystream.launcher;

/**
 * An expected reason a command cannot start (a database it cannot reach, a port in use, Polymarket
 * unreachable): its message is one line saying what is wrong and what to do, printed without a
 * stack trace, and the process exits 1.
 */
final class StartupFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    StartupFailure(String message) {
        super(message, null, false, false);
    }
}
