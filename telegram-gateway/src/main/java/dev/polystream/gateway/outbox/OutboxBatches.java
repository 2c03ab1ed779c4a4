package dev.polystream.gateway.outbox;

import dev.polystream.gateway.domain.TokenInterest;
import dev.polystream.gateway.store.OutboxRow;
import dev.polystream.gateway.store.OutboxStore;
import dev.polystream.gateway.store.TokenInterestStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's transactions in PostgreSQL: claim a batch of unsent rows, have them published and
 * stamp {@code sent_at} on what Kafka acknowledged; enqueue the current counts of every wanted
 * token (the resync); delete rows sent long ago. Used by the relay thread only.
 *
 * <p>Rows are claimed {@code FOR UPDATE SKIP LOCKED} while the transaction also holds an advisory
 * lock, so relays in several gateways never send a row twice concurrently and never overtake each
 * other on one key.
 */
final class OutboxBatches {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

    private static final Duration PURGE_EVERY = Duration.ofMinutes(10);

    private final DataSource dataSource;
    private final SubscriptionOutbox outbox;
    private final OutboxPublisher publisher;
    private final RelayHealth health;
    private final int batchSize;
    private final Duration sentRetention;
    private long nextPurgeNanos = System.nanoTime();

    OutboxBatches(
            DataSource dataSource,
            String topic,
            OutboxPublisher publisher,
            RelayHealth health,
            int batchSize,
            Duration sentRetention) {
        this.dataSource = dataSource;
        this.outbox = new SubscriptionOutbox(topic);
        this.publisher = publisher;
        this.health = health;
        this.batchSize = batchSize;
        this.sentRetention = sentRetention;
    }

    /** Enqueues the counts of every wanted token, so a new or emptied topic converges. */
    void resync() throws SQLException {
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
    int publishBatch() throws SQLException, KafkaUnavailableException, InterruptedException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!OutboxStore.tryLockRelay(c)) {
                    c.rollback();
                    return 0;
                }
                List<OutboxRow> rows = OutboxStore.claimUnsent(c, outbox.topic(), batchSize);
                if (rows.isEmpty()) {
                    c.rollback();
                    return 0;
                }
                OutboxPublisher.Delivery delivery = publisher.send(rows);
                List<Long> sent = new ArrayList<>(delivery.acknowledged());
                for (int i = 0; i < delivery.acknowledged(); i++) {
                    sent.add(rows.get(i).id());
                }
                OutboxStore.markSent(c, sent);
                c.commit();
                if (!sent.isEmpty()) {
                    health.published(sent.size());
                    LOG.debug(
                            "Published {} outbox row(s) up to id {}",
                            sent.size(),
                            sent.get(sent.size() - 1));
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

    /** Deletes rows sent longer ago than the retention, at most every ten minutes. */
    void purgeIfDue() throws SQLException {
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

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
