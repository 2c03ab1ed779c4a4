package dev.polystream.job.testutils;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small JDBC helpers for tests that check rows. Parameters bind positionally; a {@code String[]}
 * binds as {@code text[]}. Rows come back with timestamps as {@link java.time.Instant} and arrays
 * as lists.
 */
public final class Sql {

    private final String url;
    private final String user;

    public Sql(String url, String user) {
        this.url = url;
        this.user = user;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, "");
    }

    /** Runs each statement in turn. */
    public void execute(String... statements) {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs one statement with parameters. */
    public void update(String statement, Object... params) {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement(statement)) {
            bind(c, ps, params);
            ps.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every row of a query, as column → value maps, in query order. */
    public List<Map<String, Object>> rows(String query, Object... params) {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement(query)) {
            bind(c, ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                List<Map<String, Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.put(md.getColumnLabel(i), convert(rs.getObject(i)));
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The single row of a query. */
    public Map<String, Object> row(String query, Object... params) {
        List<Map<String, Object>> rows = rows(query, params);
        if (rows.size() != 1) {
            throw new AssertionError("expected one row from " + query + " but got " + rows);
        }
        return rows.get(0);
    }

    /** The first column of the first row, or null when there is no row. */
    @SuppressWarnings("unchecked")
    public <T> T value(String query, Object... params) {
        List<Map<String, Object>> rows = rows(query, params);
        return rows.isEmpty() ? null : (T) rows.get(0).values().iterator().next();
    }

    /** The whole content of the tables the job writes, for before/after comparisons. */
    public Map<String, List<Map<String, Object>>> jobTables() {
        Map<String, List<Map<String, Object>>> all = new LinkedHashMap<>();
        all.put("token_prices", rows("SELECT * FROM token_prices ORDER BY token_id"));
        all.put("markets", rows("SELECT * FROM markets ORDER BY id"));
        all.put("positions", rows("SELECT * FROM positions ORDER BY id"));
        all.put("price_bars_1s", rows("SELECT * FROM price_bars_1s ORDER BY token_id, bucket"));
        return all;
    }

    private static void bind(Connection c, PreparedStatement ps, Object... params)
            throws SQLException {
        for (int i = 0; i < params.length; i++) {
            if (params[i] instanceof String[] array) {
                ps.setArray(i + 1, c.createArrayOf("text", array));
            } else {
                ps.setObject(i + 1, params[i]);
            }
        }
    }

    private static Object convert(Object v) throws SQLException {
        if (v instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        if (v instanceof java.sql.Array array) {
            return Arrays.asList((Object[]) array.getArray());
        }
        return v;
    }
}
