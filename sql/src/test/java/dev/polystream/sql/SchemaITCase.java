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
    void jobMayStageItsBarsInATemporaryTableEvenWithoutPublicsGrant() throws SQLException {
        try (Connection c = pg.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT count(*) FROM pg_database d, aclexplode(d.datacl) a"
                                        + " WHERE d.datname = current_database()"
                                        + " AND a.grantee = 'polystream_job'::regrole"
                                        + " AND a.privilege_type = 'TEMPORARY'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isOne();
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

    @Test
    void pnlIsDefinedOnceWithOneRoundingRule() throws SQLException {
        try (Connection c = pg.dataSource().getConnection();
                Statement s = c.createStatement()) {
            // amount × price − cost basis, money to 6 decimals, half away from zero.
            assertThat(decimal(s, "SELECT position_pnl_amount(28.09, 0.715, 18.8202)"))
                    .isEqualByComparingTo("1.26415");
            assertThat(decimal(s, "SELECT position_pnl_amount(3, 0.3333335, 0)"))
                    .isEqualByComparingTo("1.000001");
            assertThat(decimal(s, "SELECT position_pnl_amount(-3, 0.3333335, 0)"))
                    .isEqualByComparingTo("-1.000001");
            // percentage of the cost basis, to 4 decimals; unknown without a cost basis.
            assertThat(decimal(s, "SELECT position_pnl_percentage(35.44, 0.515, 19.492)"))
                    .isEqualByComparingTo("-6.3636");
            assertThat(decimal(s, "SELECT position_pnl_percentage(10, 0.5, 0)")).isNull();
            assertThat(decimal(s, "SELECT position_pnl_percentage(10, 0.5, NULL)")).isNull();
            assertThat(decimal(s, "SELECT position_value(28.09, 0.715)"))
                    .isEqualByComparingTo("20.08435");
            // A sale realizes proceeds minus the sold part's cost basis.
            assertThat(decimal(s, "SELECT position_sale_pnl(25, 0.6, 100, 40)"))
                    .isEqualByComparingTo("5");
            assertThat(decimal(s, "SELECT position_pnl_amount(NULL, 0.5, 1)")).isNull();
        }
    }

    @Test
    void aPaperPositionsCostBasisFollowsItsEntryAndAmount() throws SQLException {
        try (Connection c = pg.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute(
                    "INSERT INTO positions(id, user_id, token_id, amount, entry_price)"
                            + " VALUES (9101, 1, 'tc', 100, 0.40)");
            assertThat(decimal(s, "SELECT cost_basis FROM positions WHERE id = 9101"))
                    .isEqualByComparingTo("40");
            s.execute("UPDATE positions SET amount = 150, entry_price = 0.5 WHERE id = 9101");
            assertThat(decimal(s, "SELECT cost_basis FROM positions WHERE id = 9101"))
                    .isEqualByComparingTo("75");
            // The seed's (current − entry) × amount and (current − entry) / entry × 100.
            assertThat(
                            decimal(
                                    s,
                                    "SELECT position_pnl_amount(amount, 0.6, cost_basis)"
                                            + " FROM positions WHERE id = 9101"))
                    .isEqualByComparingTo("15");
            assertThat(
                            decimal(
                                    s,
                                    "SELECT position_pnl_percentage(amount, 0.6, cost_basis)"
                                            + " FROM positions WHERE id = 9101"))
                    .isEqualByComparingTo("20");
        }
    }

    @Test
    void walletPositionsKeepTheirOwnCostBasisAndOneOpenRowPerToken() throws SQLException {
        try (Connection c = pg.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute("SET ROLE polystream_gateway");
            s.execute(
                    "INSERT INTO wallets(address) VALUES"
                            + " ('0x379a410a36c101e3b8dfb6c90d1176eb0def4b1a')");
            s.execute(
                    "INSERT INTO positions(source, wallet, token_id, amount, entry_price,"
                            + " cost_basis) VALUES ('wallet',"
                            + " '0x379a410a36c101e3b8dfb6c90d1176eb0def4b1a', 'tw', 28.09, 0.6699,"
                            + " 18.8202)");
            assertThat(decimal(s, "SELECT cost_basis FROM positions WHERE token_id = 'tw'"))
                    .isEqualByComparingTo("18.8202");
            assertThatThrownBy(
                            () ->
                                    s.execute(
                                            "INSERT INTO positions(source, wallet, token_id,"
                                                    + " amount) VALUES ('wallet',"
                                                    + " '0x379a410a36c101e3b8dfb6c90d1176eb0def4b1a',"
                                                    + " 'tw', 1)"))
                    .hasMessageContaining("positions_wallet_holding_idx");
            assertThatThrownBy(
                            () ->
                                    s.execute(
                                            "INSERT INTO positions(source, token_id, amount)"
                                                    + " VALUES ('wallet', 'tx', 1)"))
                    .hasMessageContaining("positions_wallet_source");
            assertThatThrownBy(() -> s.execute("INSERT INTO wallets(address) VALUES ('0xABC')"))
                    .hasMessageContaining("wallets_address_check");
            s.execute("RESET ROLE");
            s.execute("SET ROLE polystream_analyst");
            assertThat(decimal(s, "SELECT cost_basis FROM wallet_positions WHERE token_id = 'tw'"))
                    .isEqualByComparingTo("18.8202");
        }
    }

    private static java.math.BigDecimal decimal(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getBigDecimal(1);
        }
    }
}
