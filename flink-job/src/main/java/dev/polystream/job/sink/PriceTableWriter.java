package dev.polystream.job.sink;

import dev.polystream.job.bar.PriceBar;
import dev.polystream.ws.resilience.Backoff;
import dev.polystream.ws.resilience.OutageLog;
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
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes bars to PostgreSQL in batches: one transaction per flush, flushed when the batch is full,
 * when its oldest bar has waited the batch interval, and at every checkpoint (at-least-once; every
 * write is idempotent). A database outage blocks the writer, and so back-pressures the job, until
 * the database answers again, for at most {@code sink.max-outage}; past it, and for errors no retry
 * can fix (bad SQL, missing grants), the task fails and Flink's restart strategy takes over (see
 * {@link WriteRetries}).
 *
 * <p>All methods run on the task thread (the batch timer fires through the mailbox).
 */
final class PriceTableWriter implements SinkWriter<PriceBar> {

    private static final Logger LOG = LoggerFactory.getLogger(PriceTableWriter.class);

    /** A connection idle this long is checked before it is used again. */
    private static final long IDLE_CHECK_MS = 1_000;

    private static final int VALIDITY_TIMEOUT_S = 2;

    private final JdbcTarget target;
    private final int batchSize;
    private final long batchIntervalMs;
    private final WriteRetries retries;
    private final OutageLog outage;
    private final ProcessingTimeService timers;
    private final boolean lockMarkets;
    private final BarPartitions partitions;

    private final List<PriceBar> pending = new ArrayList<>();
    private boolean timerArmed;
    private Connection connection;
    private long lastUsedMs;

    private final Counter rowsBars;
    private final Counter rowsTokenPrices;
    private final Counter rowsMarkets;
    private final Counter rowsPositions;
    private final Counter flushes;
    private final Counter writeRetries;
    private final Counter recordsSent;
    private volatile long lastFlushMs;
    private final Histogram tickToCommitMs;
    private final Histogram secondEndToCommitMs;
    private volatile FlushTimings lastTimings = new FlushTimings();
    private final WrittenTops written = new WrittenTops();

    PriceTableWriter(
            JdbcTarget target,
            int batchSize,
            Duration batchInterval,
            Duration maxBackoff,
            Duration maxOutage,
            ProcessingTimeService timers,
            SinkWriterMetricGroup metrics,
            boolean lockMarkets,
            BarPartitions partitions) {
        this.target = target;
        this.batchSize = batchSize;
        this.batchIntervalMs = batchInterval.toMillis();
        this.retries =
                new WriteRetries(
                        new Backoff(
                                Duration.ofMillis(Math.min(100, maxBackoff.toMillis())),
                                maxBackoff),
                        maxOutage,
                        System::currentTimeMillis);
        this.outage = new OutageLog(LOG, "PostgreSQL at " + target.url());
        this.timers = timers;
        this.lockMarkets = lockMarkets;
        this.partitions = partitions;
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
        metrics.gauge("unchangedPricesSkipped", written::skipped);
        MetricGroup statementMs = metrics.addGroup("statementMs");
        for (String part : FlushTimings.PARTS) {
            statementMs.gauge(part, () -> lastTimings.millis(part));
        }
        // Flink's standard sink metrics (FLIP-33): records committed, and the last flush's time.
        this.recordsSent = metrics.getNumRecordsSendCounter();
        metrics.setCurrentSendTimeGauge(() -> lastFlushMs);
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
        long startedMs = System.currentTimeMillis();
        PriceStatements.Counts counts = writeUntilDone(batch);
        long committedMs = System.currentTimeMillis();
        lastFlushMs = committedMs - startedMs;
        recordsSent.inc(pending.size());
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
        if (LOG.isDebugEnabled()) {
            LOG.debug("Flush of {} bars in {} ms: {}", batch.size(), lastFlushMs, lastTimings);
        }
    }

    /**
     * Retries failures as {@link WriteRetries} decides until the batch is committed; an outage past
     * {@code sink.max-outage}, or an error no retry can fix, fails the task.
     */
    private PriceStatements.Counts writeUntilDone(PriceBatch batch)
            throws IOException, InterruptedException {
        // Bounded: every failed attempt either sleeps a back-off within the outage budget or ends
        // the loop by failing the task.
        while (true) {
            try {
                PriceStatements.Counts counts = writeAndCommit(batch);
                lastUsedMs = System.currentTimeMillis();
                if (retries.failures() > 0) {
                    outage.answered();
                    LOG.info(
                            "PostgreSQL at {}: wrote the {} bars held back",
                            target.url(),
                            batch.size());
                }
                retries.succeeded();
                return counts;
            } catch (SQLException e) {
                discardConnection();
                Duration wait;
                try {
                    wait = retries.failed(e, target.url());
                } catch (WriteRetries.GiveUp giveUp) {
                    throw new IOException(
                            giveUp.getMessage()
                                    + "; check the database, the schema and the grants of "
                                    + target.user(),
                            e);
                }
                writeRetries.inc();
                outage.failure(SqlErrors.describe(e) + "; holding " + batch.size() + " bars");
                Thread.sleep(wait.toMillis());
            }
        }
    }

    /**
     * The connection to write with: a new one when there is none, and a checked one when it sat
     * idle (a server restart or a firewall can drop an idle connection without a word).
     */
    private Connection connection() throws SQLException {
        if (connection != null
                && System.currentTimeMillis() - lastUsedMs > IDLE_CHECK_MS
                && !connection.isValid(VALIDITY_TIMEOUT_S)) {
            LOG.info("PostgreSQL connection to {} went stale; reconnecting", target.url());
            discardConnection();
        }
        if (connection == null) {
            connection = target.connect();
        }
        return connection;
    }

    private PriceStatements.Counts writeAndCommit(PriceBatch batch) throws SQLException {
        try {
            Connection c = connection();
            FlushTimings timings = new FlushTimings();
            long nowMs = System.currentTimeMillis();
            List<PriceBar> latest = written.changed(batch, nowMs);
            // Candles fold the seconds not yet in price_bars_1s, so before the bars are written.
            CandleStatements.Rewrites rewrites =
                    timings.time("candles", () -> CandleStatements.foldNewBars(c, batch.history()));
            PriceStatements.Counts counts =
                    PriceStatements.write(c, batch, latest, lockMarkets, timings);
            timings.time(
                    "candles",
                    () -> {
                        rewrites.recompute(c);
                        return null;
                    });
            timings.time(
                    "commit",
                    () -> {
                        c.commit();
                        return null;
                    });
            lastTimings = timings;
            written.committed(latest, batch, nowMs);
            if (partitions != null) {
                partitions.runIfDue(c, System::currentTimeMillis);
            }
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
        return retries.outageMs();
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
