package dev.polystream.gateway.outbox;

import dev.polystream.gateway.domain.TokenInterest;
import dev.polystream.gateway.store.OutboxRow;
import dev.polystream.gateway.store.OutboxStore;
import dev.polystream.gateway.store.StoreException;
import dev.polystream.gateway.store.TokenInterestStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the outbox to Kafka: a background thread that takes unsent rows for its topic in id
 * order, sends them (key = {@code msg_key}, value = {@code payload}) with an idempotent {@code
 * acks=all} producer, waits for the acknowledgements and only then stamps {@code sent_at}.
 *
 * <p>Delivery is at least once: a crash between the acknowledgement and the stamp publishes the
 * rows again after a restart, which is harmless because every record carries absolute counts.
 *
 * <p>Ordering: rows are claimed {@code FOR UPDATE SKIP LOCKED} while the relay also holds a
 * transaction-scoped advisory lock, so relays in several gateways never send a row twice
 * concurrently and never overtake each other on one key.
 *
 * <p>On start, and again after every Kafka failure, the relay ensures the topic exists (compacted)
 * and enqueues the current counts of every wanted token: a new or emptied topic converges to what
 * PostgreSQL holds.
 *
 * <p>Outages of Kafka or PostgreSQL are logged once when they begin and once when they end; the
 * relay backs off, retries and keeps every unsent row.
 */
public final class OutboxRelay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

    private static final Duration INITIAL_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final Duration PURGE_EVERY = Duration.ofMinutes(10);

    private final DataSource dataSource;
    private final SubscriptionOutbox outbox;
    private final String topic;
    private final String bootstrapServers;
    private final CompactedTopic compactedTopic;
    private final Map<String, String> clientProperties;
    private final Duration pollInterval;
    private final int batchSize;
    private final Duration kafkaTimeout;
    private final Duration sentRetention;
    private final Duration closeTimeout;

    private final Semaphore wakeups = new Semaphore(0);
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final AtomicLong published = new AtomicLong();

    private volatile boolean running;
    private volatile RelayStatus.State state = RelayStatus.State.NEW;
    private volatile Instant lastPublishedAt;
    private volatile String problem;
    private volatile Instant problemSince;
    private Thread thread;
    private boolean closed;

    // Owned by the relay thread.
    private Producer<String, String> producer;
    private boolean topicReady;
    private String problemKind;
    private int failedAttempts;
    private long nextPurgeNanos = System.nanoTime();

    private OutboxRelay(Builder b) {
        this.dataSource = b.dataSource;
        this.topic = b.topic;
        this.outbox = new SubscriptionOutbox(b.topic);
        this.bootstrapServers = b.bootstrapServers;
        this.clientProperties = Map.copyOf(b.clientProperties);
        this.pollInterval = b.pollInterval;
        this.batchSize = b.batchSize;
        this.kafkaTimeout = b.kafkaTimeout;
        this.compactedTopic =
                new CompactedTopic(
                        b.topic,
                        b.topicPartitions,
                        b.topicReplicationFactor,
                        b.bootstrapServers,
                        clientProperties,
                        b.kafkaTimeout);
        this.sentRetention = b.sentRetention;
        this.closeTimeout = b.closeTimeout;
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
        state = RelayStatus.State.STARTING;
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
        return new RelayStatus(state, published.get(), lastPublishedAt, problem, problemSince);
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
        state = RelayStatus.State.STOPPED;
        LOG.info("Outbox relay stopped after publishing {} record(s)", published.get());
    }

    private void run() {
        Duration backoff = INITIAL_BACKOFF;
        try {
            while (running) {
                try {
                    if (!topicReady) {
                        prepareTopic();
                        topicReady = true;
                    }
                    int claimed = publishBatch();
                    purgeIfDue();
                    recovered();
                    backoff = INITIAL_BACKOFF;
                    if (claimed < batchSize) {
                        awaitWork();
                    }
                } catch (KafkaUnavailableException e) {
                    // The broker may have come back empty: check the topic and resync once it is
                    // reachable again.
                    topicReady = false;
                    closeProducer(Duration.ZERO);
                    failed("Kafka", "at " + bootstrapServers, e.getCause(), false);
                    backoff = pause(backoff);
                } catch (SQLException | StoreException e) {
                    failed("PostgreSQL", "", e, false);
                    backoff = pause(backoff);
                } catch (InterruptedException e) {
                    if (running) {
                        LOG.warn("Outbox relay interrupted while running; continuing");
                    }
                } catch (RuntimeException e) {
                    failed("unexpected error", "", e, true);
                    backoff = pause(backoff);
                }
            }
        } finally {
            closeProducer(Duration.ofSeconds(1));
            state = RelayStatus.State.STOPPED;
        }
    }

    /** Ensures the topic, then enqueues the counts of every wanted token. */
    private void prepareTopic() throws KafkaUnavailableException, SQLException {
        compactedTopic.ensure();
        int tokens;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<TokenInterest> wanted = TokenInterestStore.lockWanted(c);
                for (TokenInterest interest : wanted) {
                    outbox.enqueue(c, interest);
                }
                c.commit();
                tokens = wanted.size();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            }
        }
        LOG.info("Outbox relay resync: enqueued the counts of {} wanted token(s)", tokens);
    }

    /**
     * Publishes one batch in one transaction; returns how many rows it claimed. Rows acknowledged
     * before a failure are stamped, the rest stay unsent and go first next time.
     */
    private int publishBatch()
            throws SQLException, KafkaUnavailableException, InterruptedException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!OutboxStore.tryLockRelay(c)) {
                    c.rollback();
                    return 0;
                }
                List<OutboxRow> rows = OutboxStore.claimUnsent(c, topic, batchSize);
                if (rows.isEmpty()) {
                    c.rollback();
                    return 0;
                }
                Delivery delivery = send(rows);
                List<Long> sent = new ArrayList<>(delivery.acknowledged());
                for (int i = 0; i < delivery.acknowledged(); i++) {
                    sent.add(rows.get(i).id());
                }
                OutboxStore.markSent(c, sent);
                c.commit();
                if (!sent.isEmpty()) {
                    published.addAndGet(sent.size());
                    lastPublishedAt = Instant.now();
                    LOG.debug("Published {} outbox row(s) up to id {}", sent.size(), last(sent));
                }
                if (delivery.failure() != null) {
                    throw new KafkaUnavailableException(delivery.failure());
                }
                return rows.size();
            } catch (SQLException | RuntimeException | InterruptedException e) {
                rollbackQuietly(c, e);
                throw e;
            }
        }
    }

    private record Delivery(int acknowledged, Throwable failure) {}

    /**
     * Sends the rows in order and waits for the acknowledgements, for at most the Kafka timeout.
     */
    private Delivery send(List<OutboxRow> rows) throws InterruptedException {
        Producer<String, String> p = producer();
        List<Future<RecordMetadata>> futures = new ArrayList<>(rows.size());
        Throwable failure = null;
        for (OutboxRow row : rows) {
            try {
                futures.add(p.send(new ProducerRecord<>(topic, row.key(), row.payload())));
            } catch (KafkaException e) {
                failure = e;
                break;
            }
        }
        long deadline = System.nanoTime() + kafkaTimeout.toNanos() + 1_000_000_000L;
        int acknowledged = 0;
        for (Future<RecordMetadata> future : futures) {
            try {
                future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acknowledged++;
            } catch (ExecutionException e) {
                failure = e.getCause();
                break;
            } catch (TimeoutException e) {
                failure =
                        new TimeoutException(
                                "No acknowledgement within " + kafkaTimeout.toMillis() + " ms");
                break;
            }
        }
        return new Delivery(acknowledged, failure);
    }

    private Producer<String, String> producer() {
        if (producer == null) {
            Map<String, Object> props = new HashMap<>(clientProperties);
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(ProducerConfig.CLIENT_ID_CONFIG, "polystream-gateway-outbox");
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
            props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            int timeoutMs = (int) kafkaTimeout.toMillis();
            props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(500, timeoutMs / 2));
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
            // Fewer "connection refused" lines from the client while Kafka is down.
            props.putIfAbsent(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 5000);
            producer = new KafkaProducer<>(props);
        }
        return producer;
    }

    private void closeProducer(Duration timeout) {
        if (producer != null) {
            try {
                producer.close(timeout);
            } catch (RuntimeException e) {
                LOG.debug("Kafka producer did not close cleanly: {}", e.toString());
            }
            producer = null;
        }
    }

    private void purgeIfDue() throws SQLException {
        if (sentRetention.isZero() || System.nanoTime() - nextPurgeNanos < 0) {
            return;
        }
        nextPurgeNanos = System.nanoTime() + PURGE_EVERY.toNanos();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            int purged = OutboxStore.purgeSent(c, sentRetention);
            if (purged > 0) {
                LOG.info("Purged {} outbox row(s) sent more than {} ago", purged, sentRetention);
            }
        }
    }

    private void awaitWork() throws InterruptedException {
        if (wakeups.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS)) {
            wakeups.drainPermits();
        }
    }

    /** Waits out the back-off (cut short by close) and returns the next one. */
    private Duration pause(Duration backoff) {
        try {
            stopping.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            // close() interrupts only when stopping; the loop condition ends the thread.
        }
        Duration next = backoff.multipliedBy(2);
        return next.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next;
    }

    /** Logs the first failure of an outage (and each change of what fails), not every retry. */
    private void failed(String what, String where, Throwable cause, boolean withStackTrace) {
        failedAttempts++;
        String description = what + " unavailable: " + describe(cause);
        if (!what.equals(problemKind)) {
            problemKind = what;
            problemSince = Instant.now();
            String message =
                    "Outbox relay cannot reach {}{} ({}); unsent rows stay in the outbox, retrying"
                            + " with back-off up to {} s";
            String at = where.isEmpty() ? "" : " " + where;
            if (withStackTrace) {
                LOG.error(message, what, at, describe(cause), MAX_BACKOFF.toSeconds(), cause);
            } else {
                LOG.warn(message, what, at, describe(cause), MAX_BACKOFF.toSeconds());
            }
        } else {
            LOG.debug("Outbox relay retry {} failed: {}", failedAttempts, description);
        }
        problem = description;
        state = RelayStatus.State.DEGRADED;
    }

    private void recovered() {
        if (problemKind != null) {
            LOG.info(
                    "Outbox relay recovered ({} was failing for {} s, {} failed attempt(s))",
                    problemKind,
                    Duration.between(problemSince, Instant.now()).toSeconds(),
                    failedAttempts);
        }
        problemKind = null;
        failedAttempts = 0;
        problem = null;
        problemSince = null;
        state = RelayStatus.State.RUNNING;
    }

    private static String describe(Throwable t) {
        StringBuilder text = new StringBuilder();
        Throwable current = t;
        for (int depth = 0; current != null && depth < 3; depth++) {
            if (depth > 0) {
                text.append(" <- ");
            }
            text.append(current.getClass().getSimpleName());
            if (current.getMessage() != null) {
                text.append(": ").append(current.getMessage());
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return text.toString();
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static long last(List<Long> ids) {
        return ids.get(ids.size() - 1);
    }

    /** Builds a relay, checking every setting once in {@link #build()}. */
    public static final class Builder {
        private DataSource dataSource;
        private String bootstrapServers;
        private String topic;
        private int topicPartitions = 1;
        private short topicReplicationFactor = 1;
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
