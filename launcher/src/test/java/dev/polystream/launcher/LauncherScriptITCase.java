package dev.polystream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystream.embedded.LocalPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LauncherScriptITCase {

    private static LocalPostgres pg;

    @BeforeAll
    static void start() {
        pg = LocalPostgres.startTemporary();
    }

    @AfterAll
    static void stop() {
        pg.close();
    }

    private static List<String> tables() throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), "");
                ResultSet rs =
                        c.createStatement()
                                .executeQuery(
                                        "SELECT tablename FROM pg_tables WHERE schemaname ="
                                                + " 'public' ORDER BY 1")) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        }
    }

    @Test
    void migrateAppliesTheSchemaAndIsRepeatable() throws Exception {
        LauncherScript.Result first =
                LauncherScript.run(120, "migrate", "--jdbc-url", pg.jdbcUrl());
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(tables())
                .contains(
                        "markets", "token_prices", "positions", "price_bars_1s", "users", "outbox");

        LauncherScript.Result second =
                LauncherScript.run(120, "migrate", "--jdbc-url", pg.jdbcUrl());
        assertThat(second.exitCode()).as(second.output()).isZero();
    }

    @Test
    void refusesBadUsageWithAClearMessage() throws Exception {
        LauncherScript.Result noUrl = LauncherScript.run(60, "migrate");
        assertThat(noUrl.exitCode()).isEqualTo(2);
        assertThat(noUrl.output()).contains("--jdbc-url");

        LauncherScript.Result unknown = LauncherScript.run(60, "bogus");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.output()).contains("unknown command 'bogus'").contains("usage:");

        LauncherScript.Result badOption = LauncherScript.run(60, "replay", "--jdbc-uri", "x");
        assertThat(badOption.exitCode()).isEqualTo(2);
        assertThat(badOption.output()).contains("Unknown option --jdbc-uri");

        LauncherScript.Result noTokens =
                LauncherScript.run(60, "record", "--ws-url", "ws://127.0.0.1:9/ws/market", "f");
        assertThat(noTokens.exitCode()).isEqualTo(2);
        assertThat(noTokens.output()).contains("needs --watch");
    }
}
