package dev.polystream.job.testutils;

import static org.awaitility.Awaitility.await;

import dev.polystream.embedded.LocalKafka;
import dev.polystream.embedded.LocalPostgres;
import dev.polystream.intent.SubscriptionIntent;
import dev.polystream.intent.SubscriptionIntentCodec;
import dev.polystream.job.PolystreamJob;
import dev.polystream.job.config.JobOptions;
import dev.polystream.sql.SchemaMigrator;
import dev.polystream.ws.testing.FakePolymarketServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The live job on real parts, in this JVM: embedded PostgreSQL with the schema, an in-process Kafka
 * broker, the fake Polymarket server, and a MiniCluster whose task managers a test can kill.
 * Intents are published to Kafka exactly as the gateway's relay publishes them.
 */
public final class LiveJobHarness implements AutoCloseable {

    public final LocalPostgres postgres;
    public final LocalKafka kafka;
    public final FakePolymarketServer polymarket;
    public final Sql sql;
    private final KafkaProducer<String, String> producer;
    private final Configuration conf;
    private MiniCluster cluster;
    private JobID job;

    private LiveJobHarness(int parallelism, Map<String, String> extra) throws Exception {
        postgres = LocalPostgres.startTemporary();
        SchemaMigrator.migrate(postgres.dataSource());
        sql = new Sql(postgres.jdbcUrl(), postgres.user());
        kafka = LocalKafka.start();
        polymarket = FakePolymarketServer.start();
        producer =
                new KafkaProducer<>(
                        Map.of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                                        StringSerializer.class));
        conf = new Configuration();
        conf.set(JobOptions.JDBC_URL, postgres.jdbcUrl());
        conf.set(JobOptions.JDBC_USER, postgres.user());
        conf.set(JobOptions.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        conf.set(JobOptions.KAFKA_TOPIC_CREATE, true);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(1));
        conf.setString("ws.url", polymarket.wsUrl().toString());
        conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 10);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        extra.forEach(conf::setString);
        cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(clusterConfiguration(extra))
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(
                                        Math.max(
                                                        parallelism,
                                                        conf.getOptional(
                                                                        JobOptions.SINK_PARALLELISM)
                                                                .orElse(parallelism))
                                                + 1)
                                .build());
        cluster.start();
    }

    public static LiveJobHarness start(int parallelism) throws Exception {
        return start(parallelism, Map.of());
    }

    /**
     * @param extra more job configuration ({@code key → value})
     */
    public static LiveJobHarness start(int parallelism, Map<String, String> extra)
            throws Exception {
        return start(parallelism, extra, polymarket -> {});
    }

    /**
     * @param beforeSubmit runs against the fake exchange before the job starts (markets it must
     *     know when the first sockets subscribe)
     */
    public static LiveJobHarness start(
            int parallelism,
            Map<String, String> extra,
            java.util.function.Consumer<FakePolymarketServer> beforeSubmit)
            throws Exception {
        LiveJobHarness harness = new LiveJobHarness(parallelism, extra);
        try {
            beforeSubmit.accept(harness.polymarket);
            harness.submit();
            return harness;
        } catch (Exception | Error e) {
            harness.close();
            throw e;
        }
    }

    /** The cluster takes the extra keys too (metric reporters, memory) besides the job. */
    private static Configuration clusterConfiguration(Map<String, String> extra) {
        Configuration c = new Configuration();
        // Any free port for the web endpoint: parallel builds on one machine share 8081.
        c.set(org.apache.flink.configuration.RestOptions.BIND_PORT, "0");
        extra.forEach(c::setString);
        c.set(
                TaskManagerOptions.MANAGED_MEMORY_SIZE,
                org.apache.flink.configuration.MemorySize.ofMebiBytes(16));
        return c;
    }

    private void submit() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        PolystreamJob.buildLive(env, conf);
        job = cluster.submitJob(env.getStreamGraph()).get(60, TimeUnit.SECONDS).getJobID();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> cluster.getJobStatus(job).get() == JobStatus.RUNNING);
    }

    /** Publishes the absolute counts for a token, as the gateway's outbox relay does. */
    public void intent(String token, int positions, int watchers) {
        String value =
                SubscriptionIntentCodec.toJson(
                        new SubscriptionIntent(token, null, positions, watchers, Instant.now()));
        try {
            producer.send(new ProducerRecord<>(conf.get(JobOptions.KAFKA_TOPIC), token, value))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish intent for " + token, e);
        }
    }

    public JobID job() {
        return job;
    }

    public JobStatus jobStatus() throws Exception {
        return cluster.getJobStatus(job).get(30, TimeUnit.SECONDS);
    }

    public CheckpointStatsSnapshot checkpoints() throws Exception {
        return cluster.getExecutionGraph(job)
                .get(30, TimeUnit.SECONDS)
                .getCheckpointStatsSnapshot();
    }

    /** Waits until a checkpoint completes that started after this call. */
    public void awaitNextCheckpoint() throws Exception {
        long before = checkpoints().getCounts().getNumberOfCompletedCheckpoints();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () ->
                                checkpoints().getCounts().getNumberOfCompletedCheckpoints()
                                        >= before + 2);
    }

    /**
     * Kills the only task manager and starts a fresh one: the job must restore from a checkpoint.
     */
    public void replaceTaskManager() throws Exception {
        cluster.terminateTaskManager(0).get(60, TimeUnit.SECONDS);
        cluster.startTaskManager();
    }

    /** Waits until the job has restored a checkpoint and is running again. */
    public void awaitRestored() {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () ->
                                checkpoints().getLatestRestoredCheckpoint() != null
                                        && jobStatus() == JobStatus.RUNNING);
    }

    @Override
    public void close() {
        try {
            if (cluster != null) {
                if (job != null) {
                    cluster.cancelJob(job).get(30, TimeUnit.SECONDS);
                }
                cluster.close();
            }
        } catch (Exception e) {
            // Shutting down anyway.
        }
        producer.close(Duration.ofSeconds(5));
        polymarket.close();
        kafka.close();
        postgres.close();
    }
}
