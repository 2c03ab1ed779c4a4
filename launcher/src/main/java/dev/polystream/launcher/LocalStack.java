package dev.polystream.launcher;

import dev.polystream.embedded.LocalKafka;
import dev.polystream.embedded.LocalPostgres;
import dev.polystream.gateway.Gateway;
import dev.polystream.gateway.GatewayConfig;
import dev.polystream.gateway.GatewayOptions;
import dev.polystream.gateway.bot.TelegramBot;
import dev.polystream.job.PolystreamJob;
import dev.polystream.job.config.JobOptions;
import dev.polystream.job.sink.JdbcSettings;
import dev.polystream.sql.SchemaMigrator;
import dev.polystream.ws.config.KnownKeys;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system in one process: embedded PostgreSQL (unless a JDBC URL is given), an in-process
 * Kafka broker (unless bootstrap servers are given), the schema, the gateway (its position service
 * and the outbox relay that publishes subscription intent), and the Flink job in a local
 * environment. {@link #close()} stops everything in reverse order.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

    static final String PROMETHEUS_FACTORY_KEY = "metrics.reporter.prom.factory.class";
    static final String PROMETHEUS_FACTORY =
            "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";
    static final String PROMETHEUS_PORT_KEY = "metrics.reporter.prom.port";

    /** Prometheus scrapes the job's metrics on the first free port of this range. */
    static final String DEFAULT_PROMETHEUS_PORTS = "9249-9259";

    /** Port the embedded PostgreSQL prefers, so analysts can point psql at a stable address. */
    static final int PREFERRED_PG_PORT = 5433;

    /**
     * The gateway's keys a {@code --conf} may set for the gateway in this process (its password and
     * config file excepted): {@code telegram.*}, {@code gamma.*}, {@code card.*}, {@code trade.*},
     * {@code bot.*}, {@code alert.*}, {@code wallet.*}, {@code data-api.*}, {@code relay.*}, {@code
     * jdbc.pool-size}, {@code kafka.*} and {@code kafka.client.*} (a prefix).
     */
    static List<String> gatewayKeys() {
        List<String> keys = new ArrayList<>();
        for (GatewayOptions.Option option : GatewayOptions.all()) {
            if (option != GatewayOptions.JDBC_PASSWORD && option != GatewayOptions.CONFIG_FILE) {
                keys.add(option.key());
            }
        }
        keys.addAll(GatewayOptions.RENAMED.keySet());
        keys.add(GatewayOptions.KAFKA_CLIENT_PREFIX);
        return keys;
    }

    private final Configuration conf;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final String botToken;
    private JobClient job;
    private Gateway gateway;
    private TelegramBot bot;

    private LocalStack(Configuration conf, String botToken) {
        this.conf = conf;
        this.botToken = botToken;
    }

    /**
     * Starts the stack. {@code dataDir} keeps the embedded database between runs; null means a
     * throw-away database.
     */
    public static LocalStack start(Configuration conf, Path dataDir) throws Exception {
        return start(conf, dataDir, System.getenv(TelegramBot.TOKEN_ENV));
    }

    /**
     * Starts the stack, with the Telegram bot when {@code botToken} is set (normally from {@code
     * TELEGRAM_BOT_TOKEN}). The gateway's keys ({@link #gatewayKeys()}) are taken from {@code
     * conf}.
     */
    public static LocalStack start(Configuration conf, Path dataDir, String botToken)
            throws Exception {
        LocalStack stack = new LocalStack(conf, botToken);
        try {
            stack.startAll(dataDir);
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(Path dataDir) throws Exception {
        if (conf.getOptional(JobOptions.JDBC_URL).isEmpty()) {
            LocalPostgres pg =
                    dataDir == null
                            ? LocalPostgres.startTemporary()
                            : LocalPostgres.startPersistent(dataDir.resolve("postgres"), pgPort());
            resources.push(pg);
            conf.set(JobOptions.JDBC_URL, pg.jdbcUrl());
            conf.set(JobOptions.JDBC_USER, pg.user());
        }
        SchemaMigrator.migrate(
                JdbcSettings.url(conf),
                conf.get(JobOptions.JDBC_USER),
                JdbcSettings.password(conf));

        if (conf.getOptional(JobOptions.KAFKA_BOOTSTRAP_SERVERS).isEmpty()) {
            LocalKafka kafka = LocalKafka.start();
            resources.push(kafka);
            conf.set(JobOptions.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        }
        if (conf.getOptional(JobOptions.KAFKA_TOPIC_CREATE).isEmpty()) {
            // local creates the intent topic whoever starts first; elsewhere it must exist.
            conf.set(JobOptions.KAFKA_TOPIC_CREATE, true);
        }

        Map<String, String> gatewayConf = new HashMap<>();
        KnownKeys gatewayKeys = GatewayOptions.knownKeys();
        for (Map.Entry<String, String> e : conf.toMap().entrySet()) {
            if (gatewayKeys.isKnown(e.getKey())
                    && !e.getKey().equals(GatewayOptions.CONFIG_FILE.key())) {
                gatewayConf.put(e.getKey(), e.getValue());
            }
        }
        gatewayConf.put("jdbc.url", JdbcSettings.url(conf));
        gatewayConf.put("jdbc.user", conf.get(JobOptions.JDBC_USER));
        gatewayConf.put("kafka.bootstrap-servers", conf.get(JobOptions.KAFKA_BOOTSTRAP_SERVERS));
        gatewayConf.put("kafka.topic", conf.get(JobOptions.KAFKA_TOPIC));
        Path keyFile =
                LocalSecretsKey.ensure(
                        dataDir, System.getenv(), gatewayConf.get("secrets.key-file"));
        if (keyFile != null) {
            gatewayConf.put("secrets.key-file", keyFile.toString());
        }
        gateway =
                Gateway.start(
                        GatewayConfig.from(gatewayConf, Map.of())
                                .withJdbcPassword(JdbcSettings.password(conf)));
        resources.push(gateway);
        if (botToken != null && !botToken.isBlank()) {
            bot = TelegramBot.start(gateway, botToken);
            resources.push(bot);
        } else {
            LOG.info(
                    "{} is not set: the gateway runs without the Telegram bot",
                    TelegramBot.TOKEN_ENV);
        }

        if (conf.getOptional(CoreOptions.DEFAULT_PARALLELISM).isEmpty()) {
            conf.set(CoreOptions.DEFAULT_PARALLELISM, 1);
        }
        if (!conf.containsKey(PROMETHEUS_FACTORY_KEY)) {
            conf.setString(PROMETHEUS_FACTORY_KEY, PROMETHEUS_FACTORY);
        }
        if (!conf.containsKey(PROMETHEUS_PORT_KEY)) {
            conf.setString(PROMETHEUS_PORT_KEY, DEFAULT_PROMETHEUS_PORTS);
        }
        if (conf.getOptional(CheckpointingOptions.CHECKPOINT_STORAGE).isEmpty()
                && conf.getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY).isEmpty()) {
            // Not the JobManager's memory (5 MB at most): the whole feed's state outgrows it.
            Path checkpoints = checkpointDirectory(dataDir);
            conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        PolystreamJob.buildLive(env, conf);
        job = env.executeAsync(PolystreamJob.JOB_NAME);
        LOG.info(
                "polystream is running: job {}, database {}, Kafka {}, Prometheus metrics on port"
                        + " {} (/metrics)",
                job.getJobID(),
                JdbcSettings.url(conf),
                conf.get(JobOptions.KAFKA_BOOTSTRAP_SERVERS),
                conf.getString(PROMETHEUS_PORT_KEY, DEFAULT_PROMETHEUS_PORTS));
    }

    /** {@code <data dir>/checkpoints}, or a temporary directory deleted when the stack stops. */
    private Path checkpointDirectory(Path dataDir) throws IOException {
        if (dataDir != null) {
            return Files.createDirectories(dataDir.resolve("checkpoints"));
        }
        Path temp = Files.createTempDirectory("polystream-checkpoints");
        resources.push(() -> FileUtils.deleteDirectory(temp.toFile()));
        return temp;
    }

    private static int pgPort() {
        try (ServerSocket probe =
                new ServerSocket(PREFERRED_PG_PORT, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException busy) {
            LOG.info("Port {} is taken; the embedded database uses a free port", PREFERRED_PG_PORT);
            return 0;
        }
    }

    public Configuration configuration() {
        return conf;
    }

    public String jdbcUrl() {
        return JdbcSettings.url(conf);
    }

    public String kafkaBootstrapServers() {
        return conf.get(JobOptions.KAFKA_BOOTSTRAP_SERVERS);
    }

    /** The Telegram bot, or null when no token was given. */
    public TelegramBot bot() {
        return bot;
    }

    /** The gateway running in this process (its position service and outbox relay). */
    public Gateway gateway() {
        return gateway;
    }

    public JobClient job() {
        return job;
    }

    /** Waits until the job ends by itself (it normally runs until cancelled). */
    public void awaitJob() throws Exception {
        job.getJobExecutionResult().get();
    }

    @Override
    public synchronized void close() {
        if (job != null) {
            JobClient running = job;
            job = null;
            try {
                running.cancel().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("Job cancel: {}", e.toString());
            }
            try {
                running.getJobExecutionResult()
                        .get(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS);
            } catch (Exception expected) {
                // Cancelled jobs complete exceptionally.
            }
        }
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn(
                        "Closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
