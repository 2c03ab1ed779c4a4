package dev.polystream.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Gives the schema's roles a login. The migrations create them without one, because passwords never
 * live in the repository; a deployment sets {@code POLYSTREAM_JOB_DB_PASSWORD}, {@code
 * POLYSTREAM_GATEWAY_DB_PASSWORD} and {@code POLYSTREAM_ANALYST_DB_PASSWORD}, and migrating applies
 * them.
 */
public final class RoleLogins {

    /** Role → the environment variable holding its password. */
    public static final Map<String, String> PASSWORD_VARIABLES;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("polystream_job", "POLYSTREAM_JOB_DB_PASSWORD");
        m.put("polystream_gateway", "POLYSTREAM_GATEWAY_DB_PASSWORD");
        m.put("polystream_analyst", "POLYSTREAM_ANALYST_DB_PASSWORD");
        PASSWORD_VARIABLES = Map.copyOf(m);
    }

    private RoleLogins() {}

    /**
     * For every role whose password variable is set (and not blank) in {@code env}: {@code ALTER
     * ROLE … LOGIN PASSWORD …}. Returns the roles changed. The password is quoted by the server and
     * never logged.
     */
    public static List<String> apply(Connection connection, Map<String, String> env)
            throws SQLException {
        List<String> changed = new ArrayList<>();
        for (String role : List.of("polystream_job", "polystream_gateway", "polystream_analyst")) {
            String password = env.get(PASSWORD_VARIABLES.get(role));
            if (password == null || password.isBlank()) {
                continue;
            }
            String statement;
            try (PreparedStatement ps =
                    connection.prepareStatement(
                            "SELECT format('ALTER ROLE %I LOGIN PASSWORD %L', ?, ?)")) {
                ps.setString(1, role);
                ps.setString(2, password);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    statement = Objects.requireNonNull(rs.getString(1));
                }
            }
            try (Statement s = connection.createStatement()) {
                s.execute(statement);
            }
            changed.add(role);
        }
        return changed;
    }
}
