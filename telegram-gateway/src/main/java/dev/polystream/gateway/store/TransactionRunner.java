package dev.polystream.gateway.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Runs a unit of work in one READ COMMITTED transaction: commit when it returns, roll back when it
 * throws anything. Row locks taken inside (the {@code token_interest} upsert) are held until the
 * commit, which is what serialises concurrent changes to one token.
 */
public final class TransactionRunner {

    /** A unit of work on one connection; the runner owns commit, rollback and closing. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;

    public TransactionRunner(DataSource dataSource) {
        if (dataSource == null) {
            throw new IllegalArgumentException("No data source given");
        }
        this.dataSource = dataSource;
    }

    /**
     * Runs {@code work} in a transaction.
     *
     * @param what names the change in the exception message, e.g. "open a position"
     * @throws StoreException when the database fails; runtime exceptions from {@code work} (such as
     *     a refusal) propagate unchanged after the rollback
     */
    public <T> T inTransaction(String what, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            } finally {
                restoreAutoCommit(connection, autoCommit);
            }
        } catch (SQLException e) {
            throw new StoreException("Could not " + what, e);
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    private static void restoreAutoCommit(Connection connection, boolean autoCommit) {
        try {
            if (!connection.isClosed()) {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException ignored) {
            // A broken connection; the pool discards it.
        }
    }
}
