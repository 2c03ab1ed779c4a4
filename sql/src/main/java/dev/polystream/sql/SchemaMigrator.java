package dev.polystream.sql;

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
