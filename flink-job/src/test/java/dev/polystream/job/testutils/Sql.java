package dev.polystream.job.testutils;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small JDBC helpers for tests that check rows. */
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

    /**
     * Every row of a query, as column → value maps, in query order; timestamps as {@link
     * java.time.Instant}, arrays as lists.
     */
    public List<Map<String, Object>> rows(String query) {
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            ResultSetMetaData md = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    if (v instanceof java.sql.Timestamp ts) {
                        v = ts.toInstant();
                    } else if (v instanceof java.sql.Array array) {
                        v = java.util.Arrays.asList((Object[]) array.getArray());
                    }
                    row.put(md.getColumnLabel(i), v);
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The single row of a query. */
    public Map<String, Object> row(String query) {
        List<Map<String, Object>> rows = rows(query);
        if (rows.size() != 1) {
            throw new AssertionError("expected one row from " + query + " but got " + rows);
        }
        return rows.get(0);
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
}
