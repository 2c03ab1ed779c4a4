package dev.polystream.sql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the schema (the ordered migrations under {@code sql/migrations}) to a database. The same
 * code runs everywhere: tests, {@code ./polystream local}, {@code ./polystream migrate}.
 */
public final class SchemaMigrator {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    private SchemaMigrator() {}

    /**
     * {@code java -cp <job jar> dev.polystream.sql.SchemaMigrator --jdbc-url URL [--user USER]}:
     * migrates, then gives the roles a login when their password variables are set ({@link
     * RoleLogins}). The password of USER comes from {@code POLYSTREAM_JDBC_PASSWORD}. Used where no
     * launcher is at hand (docker-compose runs it with the job jar).
     */
    public static void main(String[] args) throws SQLException {
        String url = null;
        String user = "postgres";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jdbc-url" -> url = args[++i];
                case "--user" -> user = args[++i];
                default -> {
                    System.err.println("usage: SchemaMigrator --jdbc-url URL [--user USER]");
                    System.exit(2);
                }
            }
        }
        if (url == null) {
            System.err.println("usage: SchemaMigrator --jdbc-url URL [--user USER]");
            System.exit(2);
        }
        String password = System.getenv().getOrDefault("POLYSTREAM_JDBC_PASSWORD", "");
        migrate(url, user, password);
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            List<String> roles = RoleLogins.apply(c, System.getenv());
            if (!roles.isEmpty()) {
                LOG.info("Roles given a login: {}", roles);
            }
        }
    }

    /** Migrates the database at {@code jdbcUrl}; returns the number of migrations applied now. */
    public static int migrate(String jdbcUrl, String user, String password) {
        return run(Flyway.configure().dataSource(jdbcUrl, user, password));
    }

    /**
     * Migrates the database behind {@code dataSource}; returns the number of migrations applied.
     */
    public static int migrate(DataSource dataSource) {
        return run(Flyway.configure().dataSource(dataSource));
    }

    private static int run(org.flywaydb.core.api.configuration.FluentConfiguration configuration) {
        Flyway flyway =
                configuration
                        .locations("classpath:db/migration")
                        .baselineOnMigrate(false)
                        .validateMigrationNaming(true)
                        .load();
        MigrateResult result = flyway.migrate();
        LOG.info(
                "Schema at version {} ({} migration(s) applied now)",
                result.targetSchemaVersion != null
                        ? result.targetSchemaVersion
                        : result.initialSchemaVersion,
                result.migrationsExecuted);
        return result.migrationsExecuted;
    }
}
