package dev.polystream.gateway.store;

import java.sql.SQLException;

/**
 * The database could not carry out a change (unreachable, timed out, or an unexpected error). The
 * transaction was rolled back: nothing of the change is stored, and trying again later is safe.
 */
public final class StoreException extends RuntimeException {

    public StoreException(String message, SQLException cause) {
        super(message + ": " + cause.getMessage(), cause);
    }

    /** The SQLSTATE of the underlying failure, e.g. {@code 08001} when the server is down. */
    public String sqlState() {
        return ((SQLException) getCause()).getSQLState();
    }
}
