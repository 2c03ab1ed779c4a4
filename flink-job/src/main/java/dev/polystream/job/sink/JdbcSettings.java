package dev.polystream.job.sink;

import dev.polystream.job.config.JobOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.ReadableConfig;

/** The database the job writes to, from its configuration. */
public final class JdbcSettings {

    /** Environment variable holding the database password when no password file is set. */
    public static final String PASSWORD_ENV = "POLYSTREAM_JDBC_PASSWORD";

    private JdbcSettings() {}

    public static String url(ReadableConfig conf) {
        return conf.getOptional(JobOptions.JDBC_URL)
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "No database configured: pass --jdbc-url URL or --conf"
                                                + " jdbc.url=URL"));
    }

    public static JdbcTarget target(ReadableConfig conf) {
        return new JdbcTarget(url(conf), conf.get(JobOptions.JDBC_USER), password(conf));
    }

    /**
     * The password from {@code jdbc.password-file} when set, else from {@value #PASSWORD_ENV}
     * (empty when unset). Never from a job argument, never logged.
     */
    public static String password(ReadableConfig conf) {
        return conf.getOptional(JobOptions.JDBC_PASSWORD_FILE)
                .map(JdbcSettings::readPasswordFile)
                .orElseGet(
                        () -> {
                            String env = System.getenv(PASSWORD_ENV);
                            return env == null ? "" : env;
                        });
    }

    private static String readPasswordFile(String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read jdbc.password-file " + file, e);
        }
    }
}
