package dev.polystream.launcher;

import java.net.BindException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Turns an exception from starting the local stack into a {@link StartupFailure} when its cause is
 * an expected one: the database cannot be reached or refuses the login, or a port is in use.
 * Anything else stays unexpected (logged with its stack trace).
 */
final class StartFailures {

    private StartFailures() {}

    /**
     * @param redactedJdbcUrl the database, for the message (no password)
     * @param embeddedPossible whether leaving out {@code --jdbc-url} would use an embedded one
     */
    static Optional<StartupFailure> explain(
            Throwable failure, String redactedJdbcUrl, boolean embeddedPossible) {
        for (Throwable e = failure; e != null; e = e.getCause()) {
            if (e instanceof BindException) {
                return Optional.of(
                        new StartupFailure(
                                "a port is in use ("
                                        + Preflight.describe(e)
                                        + "): stop the other program (another polystream?) and"
                                        + " try again"));
            }
            if (e instanceof SQLException sql && isConnectionProblem(sql)) {
                return Optional.of(databaseUnreachable(redactedJdbcUrl, sql, embeddedPossible));
            }
            if (e instanceof ConnectException || e instanceof UnknownHostException) {
                if (mentionsDatabase(failure)) {
                    return Optional.of(databaseUnreachable(redactedJdbcUrl, e, embeddedPossible));
                }
            }
        }
        return Optional.empty();
    }

    private static StartupFailure databaseUnreachable(
            String url, Throwable e, boolean embeddedPossible) {
        return new StartupFailure(
                "cannot reach the database at "
                        + url
                        + " ("
                        + firstLine(Preflight.describe(e))
                        + "): start PostgreSQL there and check the user and password"
                        + (embeddedPossible
                                ? ", or leave out --jdbc-url to use the embedded one"
                                : " (POLYSTREAM_JDBC_PASSWORD, --conf jdbc.user=USER)"));
    }

    /** SQLState class 08 (connection exception) and 28 (invalid authorization), 3D000 (no db). */
    private static boolean isConnectionProblem(SQLException e) {
        String state = e.getSQLState();
        return state != null
                && (state.startsWith("08") || state.startsWith("28") || state.equals("3D000"));
    }

    private static boolean mentionsDatabase(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause()) {
            if (e instanceof SQLException
                    || e.getClass().getName().startsWith("org.flywaydb")
                    || e.getClass().getName().startsWith("org.postgresql")) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline).strip();
    }
}
