package dev.polystream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystream.embedded.LocalPostgres;
import dev.polystream.sql.SchemaMigrator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The idle hint looks for any position or watch wanting a token. */
class IdleHintTest {

    @Test
    void shouldSeeWhetherAnythingIsWanted() throws Exception {
        try (LocalPostgres pg = LocalPostgres.startTemporary()) {
            SchemaMigrator.migrate(pg.jdbcUrl(), pg.user(), "");
            assertThat(IdleHint.anythingWanted(pg.jdbcUrl(), pg.user(), "")).isFalse();
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), "");
                    Statement s = c.createStatement()) {
                s.execute(
                        "INSERT INTO token_interest (token_id, positions, watchers) VALUES"
                                + " ('1', 0, 0)");
                assertThat(IdleHint.anythingWanted(pg.jdbcUrl(), pg.user(), "")).isFalse();
                s.execute("UPDATE token_interest SET watchers = 1");
            }
            assertThat(IdleHint.anythingWanted(pg.jdbcUrl(), pg.user(), "")).isTrue();
        }
    }

    @Test
    void shouldNameEveryWayToGetPrices() {
        assertThat(IdleHint.HINT).contains("--watch", "/buy", "/wallets", "polymarket.com link");
    }
}
