package dev.polystream.launcher;

import dev.polystream.job.config.JobArguments;
import dev.polystream.job.config.JobOptions;
import dev.polystream.job.sink.JdbcSettings;
import dev.polystream.sql.RoleLogins;
import dev.polystream.sql.SchemaMigrator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.apache.flink.configuration.Configuration;

/** {@code polystream migrate --jdbc-url URL}: applies the schema and exits. */
final class MigrateCommand {

    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(MigrateCommand.class);

    private MigrateCommand() {}

    static int run(String[] args) {
        JobArguments.Parsed parsed = JobArguments.parse(args);
        if (!parsed.positional().isEmpty()) {
            throw new IllegalArgumentException("unexpected argument " + parsed.positional());
        }
        migrate(parsed.configuration());
        return 0;
    }

    /**
     * Applies the schema to the configured database, then gives the roles a login for every {@code
     * POLYSTREAM_*_DB_PASSWORD} set in the environment.
     */
    static void migrate(Configuration conf) {
        String url = JdbcSettings.url(conf);
        String user = conf.get(JobOptions.JDBC_USER);
        String password = JdbcSettings.password(conf);
        try {
            SchemaMigrator.migrate(url, user, password);
        } catch (RuntimeException e) {
            throw StartFailures.explain(e, url.replaceAll("(?i)(password=)[^&;]*", "$1***"), false)
                    .map(RuntimeException.class::cast)
                    .orElse(e);
        }
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            List<String> roles = RoleLogins.apply(c, System.getenv());
            if (!roles.isEmpty()) {
                LOG.info("Roles given a login: {}", roles);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Could not give the roles a login: " + e.getMessage(), e);
        }
    }
}
