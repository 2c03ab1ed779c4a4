package dev.polystream.gateway;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.polystream.gateway.outbox.OutboxRelay;
import dev.polystream.gateway.outbox.RelayStatus;
import dev.polystream.gateway.service.PositionService;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's running core: a PostgreSQL pool, the {@link PositionService} the bot's commands
 * call, and the {@link OutboxRelay} that publishes subscription intent to Kafka.
 *
 * <p>It does not migrate the schema (the launcher does), but refuses to start against a database
 * without it. Front ends (the Telegram bot) take {@link #positions()}, and are closed before the
 * gateway.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final GatewayConfig config;
    private final HikariDataSource pool;
    private final OutboxRelay relay;
    private final PositionService positions;

    private Gateway(GatewayConfig config, HikariDataSource pool, OutboxRelay relay) {
        this.config = config;
        this.pool = pool;
        this.relay = relay;
        this.positions = new PositionService(pool, config.kafkaTopic(), relay::wakeUp);
    }

    /**
     * Connects to PostgreSQL, checks the schema and starts the relay.
     *
     * @throws IllegalStateException when PostgreSQL cannot be reached or is not migrated (Kafka
     *     need not be up: the relay waits for it)
     */
    public static Gateway start(GatewayConfig config) {
        LOG.info("Starting gateway with {}", config);
        HikariDataSource pool = connect(config);
        OutboxRelay relay;
        try {
            checkSchema(pool, config);
            relay =
                    OutboxRelay.builder()
                            .dataSource(pool)
                            .bootstrapServers(config.kafkaBootstrapServers())
                            .topic(config.kafkaTopic())
                            .topicPartitions(config.kafkaTopicPartitions())
                            .topicReplicationFactor(config.kafkaTopicReplicationFactor())
                            .clientProperties(config.kafkaClientProperties())
                            .kafkaTimeout(config.kafkaTimeout())
                            .pollInterval(config.relayPollInterval())
                            .batchSize(config.relayBatchSize())
                            .sentRetention(config.relaySentRetention())
                            .build();
            relay.start();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Gateway(config, pool, relay);
    }

    public PositionService positions() {
        return positions;
    }

    /** The gateway's PostgreSQL pool (the bot's services share it). */
    public javax.sql.DataSource dataSource() {
        return pool;
    }

    public RelayStatus relayStatus() {
        return relay.status();
    }

    public GatewayConfig config() {
        return config;
    }

    /** Stops the relay (bounded; unsent rows stay for the next start), then the pool. */
    @Override
    public void close() {
        relay.close();
        pool.close();
        LOG.info("Gateway stopped");
    }

    private static HikariDataSource connect(GatewayConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("polystream-gateway");
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.jdbcUser());
        hikari.setPassword(config.jdbcPassword());
        hikari.setMaximumPoolSize(config.jdbcPoolSize());
        hikari.setMinimumIdle(Math.min(2, config.jdbcPoolSize()));
        // Fail a request within seconds while PostgreSQL is down instead of hanging a command.
        hikari.setConnectionTimeout(5_000);
        hikari.addDataSourceProperty("connectTimeout", "5");
        hikari.addDataSourceProperty("socketTimeout", "60");
        hikari.addDataSourceProperty("tcpKeepAlive", "true");
        hikari.addDataSourceProperty("ApplicationName", "polystream-gateway");
        try {
            return new HikariDataSource(hikari);
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException(
                    "Cannot connect to PostgreSQL at "
                            + config.redactedJdbcUrl()
                            + " as "
                            + config.jdbcUser()
                            + ": "
                            + cause.getMessage(),
                    e);
        }
    }

    private static void checkSchema(HikariDataSource pool, GatewayConfig config) {
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            s.execute("SELECT 1 FROM positions, watches, token_interest, outbox, users LIMIT 0");
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "The database at "
                            + config.redactedJdbcUrl()
                            + " lacks the polystream schema or grants for "
                            + config.jdbcUser()
                            + " (migrate it first): "
                            + e.getMessage(),
                    e);
        }
    }
}
