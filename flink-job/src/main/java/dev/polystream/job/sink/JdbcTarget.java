package dev.polystream.job.sink;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;

/**
 * Where the sinks write: a PostgreSQL URL and credentials. The password travels with the job graph
 * (as it would in any JDBC sink) but never appears in {@link #toString()} or in a log line.
 */
public record JdbcTarget(String url, String user, String password) implements Serializable {

    public JdbcTarget {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        password = password == null ? "" : password;
    }

    /** A new connection with bounded connect and socket timeouts, auto-commit off. */
    public Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "10");
        props.setProperty("socketTimeout", "120");
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("ApplicationName", "polystream-job");
        Connection connection = DriverManager.getConnection(url, props);
        connection.setAutoCommit(false);
        return connection;
    }

    @Override
    public String toString() {
        return "JdbcTarget[url=" + url + ", user=" + user + ", password=(hidden)]";
    }
}
