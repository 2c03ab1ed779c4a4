package dev.polystream.gateway.outbox;

import dev.polystream.gateway.store.StoreException;
import dev.polystream.intent.IntentTopic;
import dev.polystream.intent.KafkaTopic;
import dev.polystream.intent.MissingTopicException;
import dev.polystream.ws.resilience.Backoff;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the outbox to Kafka: a background thread that takes unsent rows for its topic in id
 * order ({@link OutboxBatches}), sends them with an idempotent {@code acks=all} producer ({@link
 * OutboxPublisher}), waits for the acknowledgements and only then stamps {@code sent_at}. This
 * class is the thread: its lifecycle and its loop.
 *
 * <p>Delivery is at least once: a crash between the acknowledgement and the stamp publishes the
 * rows again after a restart, which is harmless because every record carries absolute counts.
 *
 * <p>On start, and again after every Kafka failure, the relay ensures the topic exists ({@link
 * IntentTopic}: compacted, the configured partitions and replication) and enqueues the current
 * counts of every wanted token: a new or emptied topic converges to what PostgreSQL holds.
 *
 * <p>Outages of Kafka or PostgreSQL are logged once when they begin and once when they end ({@link
 * RelayHealth}); the relay backs off with the project's one {@link Backoff}, retries and keeps
 * every unsent row.
 */
public final class OutboxRelay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

    static final Backoff BACKOFF = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));

    private final String topic;
    private final String bootstrapServers;
    private final KafkaTopic intentTopic;
    private final Map<String, Object> adminProperties;
    private final Duration pollInterval;
    private final int batchSize;
    private final Duration kafkaTimeout;
    private final Duration closeTimeout;
    private final RelayHealth health = new RelayHealth(BACKOFF.max().toSeconds());
    private final OutboxPublisher publisher;
    private final OutboxBatches batches;

    private final Semaphore wakeups = new Semaphore(0);
    private final CountDownLatch stopping = new CountDownLatch(1);

    private volatile boolean running;
    private Thread thread;
    private boolean closed;

    // Owned by the relay thread.
    private boolean topicReady;

    private OutboxRelay(Builder b) {
        this.topic = b.topic;
        this.bootstrapServers = b.bootstrapServers;
        this.pollInterval = b.pollInterval;
        this.batchSize = b.batchSize;
        this.kafkaTimeout = b.kafkaTimeout;
        this.closeTimeout = b.closeTimeout;
        Map<String, String> clientProperties = Map.copyOf(b.clientProperties);
        this.intentTopic =
                IntentTopic.of(b.topic, b.topicPartitions, b.topicReplicationFactor, b.createTopic);
        this.adminProperties = adminProperties(clientProperties);
        this.publisher =
                new OutboxPublisher(b.topic, b.bootstrapServers, clientProperties, b.kafkaTimeout);
        this.batches =
                new OutboxBatches(
                        b.dataSource, b.topic, publisher, health, b.batchSize, b.sentRetention);
    }

    public static Builder builder() {
        return new Builder();
    }

    public String topic() {
        return topic;
    }

    /** Starts the relay thread; returns at once (the topic check and resync run on the thread). */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("The outbox relay was closed; build a new one");
        }
        if (thread != null) {
            throw new IllegalStateException("The outbox relay is already started");
        }
        running = true;
        health.state(RelayStatus.State.STARTING);
        thread = new Thread(this::run, "outbox-relay-" + topic);
        thread.setDaemon(true);
        thread.start();
        LOG.info(
                "Outbox relay started: topic={} bootstrap={} poll={}ms batch={}",
                topic,
                bootstrapServers,
                pollInterval.toMillis(),
                batchSize);
    }

    /** Asks the relay to look for rows now instead of at the next poll; never blocks. */
    public void wakeUp() {
        if (wakeups.availablePermits() == 0) {
            wakeups.release();
        }
    }

    public RelayStatus status() {
        return health.status();
    }

    /**
     * Stops the relay: lets a batch in flight finish for up to the close timeout, then interrupts.
     * Rows not yet stamped stay in the outbox for the next start.
     */
    @Override
    public void close() {
        Thread relayThread;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = false;
            relayThread = thread;
        }
        stopping.countDown();
        wakeups.release();
        if (relayThread != null) {
            try {
                relayThread.join(closeTimeout.toMillis());
                if (relayThread.isAlive()) {
                    relayThread.interrupt();
                    relayThread.join(1000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (relayThread.isAlive()) {
                LOG.warn("Outbox relay thread did not stop within {}", closeTimeout);
            }
        }
        health.state(RelayStatus.State.STOPPED);
        LOG.info("Outbox relay stopped after publishing {} record(s)", health.publishedCount());
    }

    private void run() {
        int failures = 0;
        try {
            while (running) {
                try {
                    if (!topicReady) {
                        ensureTopic();
                        batches.resync();
                        topicReady = true;
                    }
                    int claimed = batches.publishBatch();
                    batches.purgeIfDue();
                    health.healthy();
                    failures = 0;
                    if (claimed < batchSize) {
                        awaitWork();
                    }
                } catch (KafkaUnavailableException e) {
                    // The broker may have come back empty: check the topic and resync once it is
                    // reachable again.
                    topicReady = false;
                    publisher.reset(Duration.ZERO);
                    health.failed("Kafka", "at " + bootstrapServers, e.getCause(), false);
                    pause(++failures);
                } catch (MissingTopicException e) {
                    health.failed("Kafka topic " + topic, "", e, false);
                    pause(++failures);
                } catch (SQLException | StoreException e) {
                    health.failed("PostgreSQL", "", e, false);
                    pause(++failures);
                } catch (InterruptedException e) {
                    if (running) {
                        LOG.warn("Outbox relay interrupted while running; continuing");
                    }
                } catch (RuntimeException e) {
                    health.failed("unexpected error", "", e, true);
                    pause(++failures);
                }
            }
        } finally {
            publisher.close();
            health.state(RelayStatus.State.STOPPED);
        }
    }

    /** Creates the topic when missing (if allowed), checks it when present. */
    private void ensureTopic() throws KafkaUnavailableException {
        try {
            intentTopic.ensure(adminProperties, kafkaTimeout);
        } catch (KafkaException e) {
            throw new KafkaUnavailableException(e);
        }
    }

    private Map<String, Object> adminProperties(Map<String, String> clientProperties) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "polystream-gateway-admin");
        int timeoutMs = (int) kafkaTimeout.toMillis();
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(500, timeoutMs / 2));
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        return props;
    }

    private void awaitWork() throws InterruptedException {
        if (wakeups.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS)) {
            wakeups.drainPermits();
        }
    }

    /**
     * Waits out the back-off after {@code failures} failed rounds in a row (cut short by close).
     */
    private void pause(int failures) {
        try {
            stopping.await(BACKOFF.delay(failures).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            // close() interrupts only when stopping; the loop condition ends the thread.
        }
    }

    /** Builds a relay, checking every setting once in {@link #build()}. */
    public static final class Builder {
        private DataSource dataSource;
        private String bootstrapServers;
        private String topic;
        private int topicPartitions = IntentTopic.DEFAULT_PARTITIONS;
        private short topicReplicationFactor = IntentTopic.DEFAULT_REPLICATION_FACTOR;
        private boolean createTopic = true;
        private final Map<String, String> clientProperties = new HashMap<>();
        private Duration pollInterval = Duration.ofMillis(150);
        private int batchSize = 500;
        private Duration kafkaTimeout = Duration.ofSeconds(15);
        private Duration sentRetention = Duration.ofHours(24);
        private Duration closeTimeout = Duration.ofSeconds(10);

        private Builder() {}

        public Builder dataSource(DataSource dataSource) {
            this.dataSource = dataSource;
            return this;
        }

        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        public Builder topic(String topic) {
            this.topic = topic;
            return this;
        }

        /** Used only when the relay creates the topic. */
        public Builder topicPartitions(int topicPartitions) {
            this.topicPartitions = topicPartitions;
            return this;
        }

        /** Used only when the relay creates the topic. */
        public Builder topicReplicationFactor(short topicReplicationFactor) {
            this.topicReplicationFactor = topicReplicationFactor;
            return this;
        }

        /**
         * Whether the relay creates a missing topic (default); when not, it keeps retrying until
         * the topic exists and reports it missing.
         */
        public Builder createTopic(boolean createTopic) {
            this.createTopic = createTopic;
            return this;
        }

        /**
         * Extra Kafka client settings for the producer and admin client (security, for example).
         * They cannot weaken the delivery guarantee: acks, idempotence and serialisers are fixed.
         */
        public Builder clientProperties(Map<String, String> properties) {
            this.clientProperties.putAll(properties);
            return this;
        }

        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** How long to wait for Kafka's acknowledgements and admin answers. */
        public Builder kafkaTimeout(Duration kafkaTimeout) {
            this.kafkaTimeout = kafkaTimeout;
            return this;
        }

        /** How long sent rows stay in the outbox before they are deleted; zero keeps them. */
        public Builder sentRetention(Duration sentRetention) {
            this.sentRetention = sentRetention;
            return this;
        }

        /** How long {@link OutboxRelay#close()} lets a batch in flight finish. */
        public Builder closeTimeout(Duration closeTimeout) {
            this.closeTimeout = closeTimeout;
            return this;
        }

        public OutboxRelay build() {
            if (dataSource == null) {
                throw new IllegalArgumentException("No data source is set for the outbox relay");
            }
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException(
                        "No Kafka bootstrap servers are set for the outbox relay, e.g."
                                + " localhost:9092");
            }
            if (topic == null || !topic.matches("[a-zA-Z0-9._-]{1,249}")) {
                throw new IllegalArgumentException(
                        "The outbox relay needs a Kafka topic name of 1-249 letters, digits, '.',"
                                + " '_' or '-', got '"
                                + topic
                                + "'");
            }
            if (topicPartitions < 1) {
                throw new IllegalArgumentException(
                        "Topic partitions must be at least 1, got " + topicPartitions);
            }
            if (topicReplicationFactor < 1) {
                throw new IllegalArgumentException(
                        "Topic replication factor must be at least 1, got "
                                + topicReplicationFactor);
            }
            requireBetween(
                    "Poll interval", pollInterval, Duration.ofMillis(10), Duration.ofMinutes(1));
            if (batchSize < 1 || batchSize > 10_000) {
                throw new IllegalArgumentException(
                        "Batch size must be between 1 and 10000, got " + batchSize);
            }
            requireBetween(
                    "Kafka timeout", kafkaTimeout, Duration.ofSeconds(1), Duration.ofMinutes(5));
            if (sentRetention == null || sentRetention.isNegative()) {
                throw new IllegalArgumentException(
                        "Sent retention must be zero (keep) or positive, got " + sentRetention);
            }
            requireBetween("Close timeout", closeTimeout, Duration.ZERO, Duration.ofMinutes(5));
            return new OutboxRelay(this);
        }

        private static void requireBetween(
                String what, Duration value, Duration min, Duration max) {
            if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new IllegalArgumentException(
                        what + " must be between " + min + " and " + max + ", got " + value);
            }
        }
    }
}
