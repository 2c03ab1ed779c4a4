package dev.polystream.job.sink;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/** Which database errors a retry can fix. */
final class SqlErrors {

    /** What a failed write tells about the database. */
    enum Kind {
        /** The database is unreachable or busy: retry within the outage budget. */
        TRANSIENT,
        /** The statement or the grants are wrong: no retry can fix it. */
        PERMANENT,
        /** An SQLState this sink does not know: retried a few times, then treated as permanent. */
        UNKNOWN
    }

    private SqlErrors() {}

    /**
     * Connection trouble (class 08), server shutdown or restart (57P), too many connections (53),
     * serialization failures and deadlocks (40), lock timeouts (55P03) and I/O-level failures are
     * transient. Bad SQL, missing grants and data errors (classes 42, 22, 23) are permanent:
     * retrying them would only hide the problem. Anything else is unknown.
     */
    static Kind classify(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return Kind.TRANSIENT;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08")
                        || state.startsWith("57P")
                        || state.startsWith("53")
                        || state.startsWith("40")
                        || state.equals("55P03")) {
                    return Kind.TRANSIENT;
                }
                if (state.startsWith("42") || state.startsWith("22") || state.startsWith("23")) {
                    return Kind.PERMANENT;
                }
            }
            if (t instanceof java.io.IOException) {
                return Kind.TRANSIENT;
            }
        }
        return Kind.UNKNOWN;
    }

    /** SQLState and message, for a log line (never carries credentials). */
    static String describe(SQLException e) {
        return "SQLState " + e.getSQLState() + ": " + e.getMessage();
    }
}
