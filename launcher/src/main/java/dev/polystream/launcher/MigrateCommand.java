package dev.polystream.launcher;

import dev.polystream.job.JobArguments;
import dev.polystream.job.JobOptions;
import dev.polystream.job.sink.JdbcSettings;
import dev.polystream.sql.SchemaMigrator;
import org.apache.flink.configuration.Configuration;

/** {@code polystream migrate --jdbc-url URL}: applies the schema and exits. */
final class MigrateCommand {

    private MigrateCommand() {}

    static int run(String[] args) {
        JobArguments.Parsed parsed = JobArguments.parse(args);
        if (!parsed.positional().isEmpty()) {
            throw new IllegalArgumentException("unexpected argument " + parsed.positional());
        }
        migrate(parsed.configuration());
        return 0;
    }

    /** Applies the schema to the configured database. */
    static void migrate(Configuration conf) {
        SchemaMigrator.migrate(
                JdbcSettings.url(conf),
                conf.get(JobOptions.JDBC_USER),
                JdbcSettings.password(conf));
    }
}
