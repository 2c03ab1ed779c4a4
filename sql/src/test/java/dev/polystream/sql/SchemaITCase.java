package dev.polystream.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystream.embedded.LocalPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SchemaITCase {

    private static LocalPostgres pg;

    @BeforeAll
    static void start() {
        pg = LocalPostgres.startTemporary();
        SchemaMigrator.migrate(pg.jdbcUrl(), pg.user(), pg.password());
    }

    @AfterAll
    static void stop() {
        pg.close();
    }

    @Test
    void migratingTwiceAppliesNothingTheSecondTime() {
        assertThat(SchemaMigrator.migrate(pg.dataSource())).isZero();
    }

    @Test
    void everyTableTakesARowWithOnlyItsContractColumns() throws SQLException {
        try (Connection c = pg.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO users(id) VALUES (101)");
            s.execute(
                    "INSERT INTO markets(id, condition_id, question, outcomes, token_ids,"
                            + " outcome_prices, source, prices_updated_at) VALUES ('m-contract',"
                            + " '0xabc', 'Q?', '{Yes,No}', '{t1,t2}', '{0.4,0.6}', 'gamma', now())");
            s.execute(
                    "INSERT INTO token_prices(token_id, market_id, price, best_bid, best_ask,"
                            + " last_trade_price, source, exchange_ts, updated_at) VALUES ('t1',"
                            + " 'm-contract', 0.5, 0.49, 0.51, 0.5, 'ws', now(), now())");
            s.execute(
                    "INSERT INTO positions(user_id, market_id, token_id, outcome, amount,"
                            + " entry_price) VALUES (101, 'm-contract', 't1', 'Yes', 10, 0.4)");
            s.execute(
                    "INSERT INTO price_bars_1s(token_id, bucket, open, high, low, close, best_bid,"
                            + " best_ask, last_trade_price, volume, messages) VALUES ('t1',"
                            + " date_trunc('second', now()), 0.5, 0.5, 0.5, 0.5, 0.49, 0.51, 0.5,"
                            + " 0, 1)");
            try (ResultSet rs =
                    s.executeQuery("SELECT status FROM positions WHERE market_id = 'm-contract'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("active");
            }
        }
    }

    @Test
    void analystReadsButCannotWrite() throws SQLException {
        try (Connection c = pg.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute("SET ROLE polystream_analyst");
            s.executeQuery("SELECT count(*) FROM price_bars_1s").close();
            assertThatThrownBy(() -> s.execute("INSERT INTO users(id) VALUES (7)"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.execute("UPDATE token_prices SET price = 0"))
                    .hasMessageContaining("permission denied");
        }
    }

    @Test
    void jobWritesPricesAndPnlButNotWhatTheGatewayOwns() throws SQLException {
        try (Connection c = pg.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute(
                    "INSERT INTO positions(id, user_id, token_id, amount, entry_price)"
                            + " VALUES (9001, 1, 'tj', 10, 0.5)");
            s.execute("SET ROLE polystream_job");
            s.execute("UPDATE positions SET current_price = 0.6, pnl_amount = 1 WHERE id = 9001");
            s.execute(
                    "INSERT INTO token_prices(token_id, price) VALUES ('tj', 0.6) ON CONFLICT"
                            + " (token_id) DO UPDATE SET price = EXCLUDED.price");
            assertThatThrownBy(() -> s.execute("UPDATE positions SET entry_price = 0.1"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.execute("UPDATE markets SET question = 'x'"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.execute("INSERT INTO users(id) VALUES (8)"))
                    .hasMessageContaining("permission denied");
        }
    }

    @Test
    void gatewayWritesPositionsAndMetadataButNeverPrices() throws SQLException {
        try (Connection c = pg.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute("SET ROLE polystream_gateway");
            s.execute("INSERT INTO users(id) VALUES (202)");
            s.execute(
                    "INSERT INTO positions(user_id, token_id, amount, entry_price)"
                            + " VALUES (202, 'tg', 5, 0.3)");
            s.execute("INSERT INTO outbox(topic, msg_key, payload) VALUES ('t', 'k', '{}'::jsonb)");
            assertThatThrownBy(() -> s.execute("UPDATE markets SET outcome_prices = '{0.1}'"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.execute("INSERT INTO token_prices(token_id) VALUES ('x')"))
                    .hasMessageContaining("permission denied");
        }
    }

    @Test
    void rolesGetALoginOnlyWhenTheirPasswordIsSet() throws SQLException {
        try (Connection c = pg.dataSource().getConnection()) {
            assertThat(
                            RoleLogins.apply(
                                    c, java.util.Map.of("POLYSTREAM_JOB_DB_PASSWORD", "s3cr'et")))
                    .containsExactly("polystream_job");
            try (Statement s = c.createStatement();
                    ResultSet rs =
                            s.executeQuery(
                                    "SELECT rolname, rolcanlogin, rolpassword IS NOT NULL FROM"
                                            + " pg_authid WHERE rolname LIKE 'polystream_%'"
                                            + " ORDER BY rolname")) {
                java.util.List<String> rows = new java.util.ArrayList<>();
                while (rs.next()) {
                    rows.add(rs.getString(1) + ":" + rs.getBoolean(2) + ":" + rs.getBoolean(3));
                }
                assertThat(rows)
                        .containsExactly(
                                "polystream_analyst:false:false",
                                "polystream_gateway:false:false",
                                "polystream_job:true:true");
            }
        }
    }
}
