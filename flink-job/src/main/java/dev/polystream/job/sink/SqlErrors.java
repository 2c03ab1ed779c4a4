package dev.polystream.job.sink;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/** Which database errors a retry can fix. */
final class SqlErrors {

    private SqlErrors() {}

    /**
     * Connection trouble (class 08), server shutdown or restart (57P), too many connections (53),
     * serialization failures and deadlocks (40), and I/O-level failures are transient. Bad SQL,
     * missing grants and data errors (classes 42, 22, 23) are not: retrying them would only hide
     * the problem.
     */
    static boolean isTransient(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08")
                        || state.startsWith("57P")
                        || state.startsWith("53")
                        || state.startsWith("40")
                        || state.equals("55P03")) {
                    return true;
                }
                if (state.startsWith("42") || state.startsWith("22") || state.startsWith("23")) {
                    return false;
                }
            }
            if (t instanceof java.io.IOException) {
                return true;
            }
        }
        // Unknown: assume the database is in trouble rather than the statement.
        return true;
    }

    /** SQLState and message, for a log line (never carries credentials). */
    static String describe(SQLException e) {
        return "SQLState " + e.getSQLState() + ": " + e.getMessage();
    }
}
