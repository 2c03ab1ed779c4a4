package dev.polystream.job.sink;

import dev.polystream.job.bar.PriceBar;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes bars to PostgreSQL in batches: one transaction per flush, flushed when the batch is full,
 * when its oldest bar has waited the batch interval, and at every checkpoint (at-least-once; every
 * write is idempotent). A database outage blocks the writer, and so back-pressures the job, until
 * the database answers again; nothing is dropped and the task does not fail over for a transient
 * error. Only errors that no retry can fix (bad SQL, missing grants) fail the task.
 *
 * <p>All methods run on the task thread (the batch timer fires through the mailbox).
 */
final class PriceTableWriter implements SinkWriter<PriceBar> {

    private static final Logger LOG = LoggerFactory.getLogger(PriceTableWriter.class);
    private static final long RETRY_LOG_INTERVAL_MS = 30_000;

    private final JdbcTarget target;
    private final int batchSize;
    private final long batchIntervalMs;
    private final long maxBackoffMs;
    private final ProcessingTimeService timers;
    private final boolean lockMarkets;

    private final List<PriceBar> pending = new ArrayList<>();
    private boolean timerArmed;
    private Connection connection;
    private long outageStartedMs;

    private final Counter rowsBars;
    private final Counter rowsTokenPrices;
    private final Counter rowsMarkets;
    private final Counter rowsPositions;
    private final Counter flushes;
    private final Counter writeRetries;
    private final Histogram tickToCommitMs;
    private final Histogram secondEndToCommitMs;

    PriceTableWriter(
            JdbcTarget target,
            int batchSize,
            Duration batchInterval,
            Duration maxBackoff,
            ProcessingTimeService timers,
            MetricGroup metrics,
            boolean lockMarkets) {
        this.target = target;
        this.batchSize = batchSize;
        this.batchIntervalMs = batchInterval.toMillis();
        this.maxBackoffMs = maxBackoff.toMillis();
        this.timers = timers;
        this.lockMarkets = lockMarkets;
        MetricGroup rows = metrics.addGroup("rowsWritten");
        this.rowsBars = rows.counter("price_bars_1s");
        this.rowsTokenPrices = rows.counter("token_prices");
        this.rowsMarkets = rows.counter("markets");
        this.rowsPositions = rows.counter("positions");
        this.flushes = metrics.counter("flushes");
        this.writeRetries = metrics.counter("writeRetries");
        this.tickToCommitMs =
                metrics.histogram("tickToCommitMs", new DescriptiveStatisticsHistogram(10_000));
        this.secondEndToCommitMs =
                metrics.histogram(
                        "secondEndToCommitMs", new DescriptiveStatisticsHistogram(10_000));
        metrics.gauge("databaseOutageMs", this::outageMs);
    }

    @Override
    public void write(PriceBar bar, Context context) throws IOException, InterruptedException {
        pending.add(bar);
        if (pending.size() >= batchSize) {
            flushPending();
        } else if (!timerArmed) {
            timerArmed = true;
            timers.registerTimer(
                    timers.getCurrentProcessingTime() + batchIntervalMs,
                    time -> {
                        timerArmed = false;
                        flushPending();
                    });
        }
    }

    /**
     * A watermark past a second means every bar of that second has been emitted (the bars operator
     * fires them before it forwards the watermark): write them now rather than after the batch
     * interval, so a second's rows land as soon as the second closes.
     */
    @Override
    public void writeWatermark(Watermark watermark) throws IOException, InterruptedException {
        flushPending();
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        flushPending();
    }

    private void flushPending() throws IOException, InterruptedException {
        if (pending.isEmpty()) {
            return;
        }
        PriceBatch batch = new PriceBatch();
        pending.forEach(batch::add);
        PriceStatements.Counts counts = writeUntilDone(batch);
        long committedMs = System.currentTimeMillis();
        for (PriceBar bar : pending) {
            if (bar.hasActivity()) {
                if (bar.closeReceivedAtMs() > 0) {
                    tickToCommitMs.update(committedMs - bar.closeReceivedAtMs());
                }
                secondEndToCommitMs.update(committedMs - (bar.bucketMs() + 1000));
            }
        }
        pending.clear();
        flushes.inc();
        rowsBars.inc(counts.bars());
        rowsTokenPrices.inc(counts.tokenPrices());
        rowsMarkets.inc(counts.markets());
        rowsPositions.inc(counts.positions());
    }

    /** Retries transient failures with back-off until the batch is committed. */
    private PriceStatements.Counts writeUntilDone(PriceBatch batch)
            throws IOException, InterruptedException {
        long backoffMs = 100;
        long lastLoggedMs = 0;
        int attempts = 0;
        while (true) {
            try {
                if (connection == null) {
                    connection = target.connect();
                }
                PriceStatements.Counts counts = writeAndCommit(batch);
                if (outageStartedMs != 0) {
                    LOG.info(
                            "PostgreSQL at {} is writable again after {} ms ({} attempts); wrote"
                                    + " the {} bars held back",
                            target.url(),
                            System.currentTimeMillis() - outageStartedMs,
                            attempts,
                            batch.size());
                    outageStartedMs = 0;
                }
                return counts;
            } catch (SQLException e) {
                discardConnection();
                if (!SqlErrors.isTransient(e)) {
                    throw new IOException(
                            "PostgreSQL rejected the job's writes ("
                                    + SqlErrors.describe(e)
                                    + "); check the schema and the grants of "
                                    + target.user(),
                            e);
                }
                attempts++;
                writeRetries.inc();
                long now = System.currentTimeMillis();
                if (outageStartedMs == 0) {
                    outageStartedMs = now;
                    lastLoggedMs = now;
                    LOG.warn(
                            "Cannot write to PostgreSQL at {} ({}); holding {} bars and retrying",
                            target.url(),
                            SqlErrors.describe(e),
                            batch.size());
                } else if (now - lastLoggedMs >= RETRY_LOG_INTERVAL_MS) {
                    lastLoggedMs = now;
                    LOG.warn(
                            "PostgreSQL at {} still failing after {} s ({}); {} bars held back",
                            target.url(),
                            (now - outageStartedMs) / 1000,
                            SqlErrors.describe(e),
                            batch.size());
                }
                Thread.sleep(backoffMs);
                backoffMs = Math.min(maxBackoffMs, backoffMs * 2);
            }
        }
    }

    private PriceStatements.Counts writeAndCommit(PriceBatch batch) throws SQLException {
        try {
            PriceStatements.Counts counts = PriceStatements.write(connection, batch, lockMarkets);
            connection.commit();
            return counts;
        } catch (AssertionError e) {
            // pgjdbc 42.7 raises an AssertionError from executeBatch when the server goes away
            // mid-batch ("getAutoCommit() should not throw"): it is a lost connection.
            if (isFromDriver(e)) {
                throw new SQLException(
                        "Connection lost during a batch: " + e.getMessage(), "08006", e);
            }
            throw e;
        }
    }

    private static boolean isFromDriver(Throwable e) {
        StackTraceElement[] trace = e.getStackTrace();
        return trace.length > 0 && trace[0].getClassName().startsWith("org.postgresql.");
    }

    private long outageMs() {
        return outageStartedMs == 0 ? 0 : System.currentTimeMillis() - outageStartedMs;
    }

    private void discardConnection() {
        if (connection != null) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // The connection is being dropped anyway.
            }
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Nothing more to do with a broken connection.
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        discardConnection();
    }
}
