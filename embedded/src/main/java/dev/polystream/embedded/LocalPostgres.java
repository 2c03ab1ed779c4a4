package dev.polystream.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (binaries shipped in a jar) on 127.0.0.1, for the local default and for
 * tests. It can be stopped and restarted on the same port and data, to rehearse a database outage.
 */
public final class LocalPostgres implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);
    public static final String USER = "postgres";
    public static final String DATABASE = "postgres";

    private final Path dataDirectory;
    private final boolean temporary;
    private final int port;
    private EmbeddedPostgres server;

    private LocalPostgres(Path dataDirectory, boolean temporary, int port) {
        this.dataDirectory = dataDirectory;
        this.temporary = temporary;
        this.port = port;
    }

    /** Starts a throw-away server (temporary data directory, free port). */
    public static LocalPostgres startTemporary() {
        try {
            Path dir = Files.createTempDirectory("polystream-pg");
            return start(dir, freePort(), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a server keeping its data in {@code dataDirectory} (created and initialised when
     * empty), on {@code port}, or on a free port when {@code port} is 0.
     */
    public static LocalPostgres startPersistent(Path dataDirectory, int port) {
        try {
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return start(dataDirectory, port == 0 ? freePort() : port, false);
    }

    private static LocalPostgres start(Path dir, int port, boolean temporary) {
        LocalPostgres pg = new LocalPostgres(dir, temporary, port);
        pg.startServer();
        return pg;
    }

    private void startServer() {
        try {
            server =
                    EmbeddedPostgres.builder()
                            .setDataDirectory(dataDirectory)
                            .setCleanDataDirectory(false)
                            .setPort(port)
                            .setServerConfig("listen_addresses", "127.0.0.1")
                            .setServerConfig("max_connections", "200")
                            .setServerConfig("max_prepared_transactions", "50")
                            .setPGStartupWait(Duration.ofSeconds(60))
                            .start();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Could not start embedded PostgreSQL on 127.0.0.1:" + port, e);
        }
        LOG.info("PostgreSQL listening at {} (data in {})", jdbcUrl(), dataDirectory);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public String user() {
        return USER;
    }

    /** The embedded server trusts local connections; the password is empty. */
    public String password() {
        return "";
    }

    public int port() {
        return port;
    }

    public DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl());
        ds.setUser(USER);
        return ds;
    }

    public boolean isRunning() {
        return server != null;
    }

    /** Stops the server, keeping its data; {@link #restart()} brings it back on the same port. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            server = null;
        }
        LOG.info("PostgreSQL on port {} stopped", port);
    }

    public synchronized void restart() {
        stop();
        startServer();
    }

    @Override
    public synchronized void close() {
        stop();
        if (temporary) {
            deleteRecursively(dataDirectory);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", dir, e.toString());
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
