package dev.polystream.gateway.testutils;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.polystream.embedded.LocalKafka;
import dev.polystream.embedded.LocalPostgres;
import dev.polystream.sql.SchemaMigrator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real PostgreSQL (migrated) and, on first request, one real Kafka broker for every test class
 * in the JVM; both are closed when the test run ends. The gateway's code runs as the {@code
 * polystream_gateway} role, so a test fails if the gateway needs a privilege the schema does not
 * grant it.
 */
public final class SharedInfrastructure implements BeforeAllCallback {

    public static final String GATEWAY_ROLE = "polystream_gateway";

    private static ExtensionContext.Store store;
    private static LocalPostgres postgres;
    private static HikariDataSource gatewayDataSource;
    private static LocalKafka kafka;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        synchronized (SharedInfrastructure.class) {
            if (store == null) {
                store = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
            }
            if (postgres == null) {
                postgres = LocalPostgres.startTemporary();
                store.put("postgres", postgres);
                SchemaMigrator.migrate(postgres.jdbcUrl(), postgres.user(), postgres.password());
                asSuperuser("ALTER ROLE " + GATEWAY_ROLE + " LOGIN");
                gatewayDataSource = pool(GATEWAY_ROLE, 12);
                store.put("gateway-pool", gatewayDataSource);
            }
        }
    }

    public static LocalPostgres postgres() {
        if (postgres == null) {
            throw new IllegalStateException(
                    "Annotate the test with @ExtendWith(SharedInfrastructure)");
        }
        return postgres;
    }

    /** A pool connected as the gateway role. */
    public static DataSource gatewayDataSource() {
        postgres();
        return gatewayDataSource;
    }

    public static synchronized LocalKafka kafka() {
        if (kafka == null) {
            kafka = LocalKafka.start();
            store.put("kafka", kafka);
        }
        return kafka;
    }

    /** Empties the gateway's tables and restarts their ids. */
    public static void truncate() {
        asSuperuser("TRUNCATE users, positions, watches, token_interest, outbox RESTART IDENTITY");
    }

    /** Runs SQL as the superuser (setup that the gateway role may not do). */
    public static void asSuperuser(String sql) {
        try (Connection c =
                        DriverManager.getConnection(
                                postgres().jdbcUrl(), postgres().user(), postgres().password());
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Setup SQL failed: " + sql, e);
        }
    }

    private static HikariDataSource pool(String user, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("test-" + user);
        config.setJdbcUrl(postgres.jdbcUrl());
        config.setUsername(user);
        config.setPassword("");
        config.setMaximumPoolSize(size);
        config.setConnectionTimeout(5_000);
        return new HikariDataSource(config);
    }
}
