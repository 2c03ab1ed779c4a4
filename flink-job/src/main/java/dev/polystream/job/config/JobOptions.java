package dev.polystream.job.config;

import static org.apache.flink.configuration.ConfigOptions.key;

import dev.polystream.intent.IntentTopic;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/**
 * The job's own configuration keys, each typed with its default and description. Set them as job
 * arguments ({@code --conf key=value}) or through the launcher. The WebSocket client's keys ({@code
 * ws.*}) are in {@code dev.polystream.ws.flink.PolymarketSourceOptions}.
 */
public final class JobOptions {

    private JobOptions() {}

    public static final ConfigOption<String> JDBC_URL =
            key("jdbc.url")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "JDBC URL of the PostgreSQL database the sinks write to, e.g."
                                    + " jdbc:postgresql://127.0.0.1:5432/polystream.");

    public static final ConfigOption<String> JDBC_USER =
            key("jdbc.user")
                    .stringType()
                    .defaultValue("postgres")
                    .withDescription(
                            "Database user of the job (the polystream_job role in production).");

    public static final ConfigOption<String> JDBC_PASSWORD_FILE =
            key("jdbc.password-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "File holding the database password. Without it the password comes from"
                                    + " the environment variable POLYSTREAM_JDBC_PASSWORD (empty when"
                                    + " unset). The password itself is never a job argument.");

    public static final ConfigOption<String> KAFKA_BOOTSTRAP_SERVERS =
            key("kafka.bootstrap-servers")
                    .stringType()
                    .defaultValue("127.0.0.1:9092")
                    .withDescription("Kafka brokers holding the subscription-intent topic.");

    public static final ConfigOption<String> KAFKA_TOPIC =
            key(IntentTopic.NAME_KEY)
                    .stringType()
                    .defaultValue("polystream.subscriptions")
                    .withDescription(
                            "Compacted topic of subscription intent: key = token id, value = JSON"
                                    + " {token_id, market_id, positions, watchers, updated_at}.");

    public static final ConfigOption<Boolean> KAFKA_TOPIC_CREATE =
            key(IntentTopic.CREATE_KEY)
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Create the subscription-intent topic (compacted, with the partitions and"
                                    + " replication factor below) when it is missing. Off by"
                                    + " default: the job refuses to start without the topic;"
                                    + " 'local' and the test harnesses turn it on.");

    public static final ConfigOption<Integer> KAFKA_TOPIC_PARTITIONS =
            key(IntentTopic.PARTITIONS_KEY)
                    .intType()
                    .defaultValue(IntentTopic.DEFAULT_PARTITIONS)
                    .withDescription("Partitions of the subscription-intent topic when created.");

    public static final ConfigOption<Integer> KAFKA_TOPIC_REPLICATION_FACTOR =
            key(IntentTopic.REPLICATION_FACTOR_KEY)
                    .intType()
                    .defaultValue((int) IntentTopic.DEFAULT_REPLICATION_FACTOR)
                    .withDescription(
                            "Replication factor of the subscription-intent topic when created.");

    public static final ConfigOption<String> KAFKA_GROUP_ID =
            key("kafka.group-id")
                    .stringType()
                    .defaultValue("polystream-job")
                    .withDescription("Consumer group of the job's Kafka source.");

    public static final ConfigOption<List<String>> WATCH =
            key("watch")
                    .stringType()
                    .asList()
                    .defaultValues()
                    .withDescription(
                            "Token ids streamed whether or not any position or watch wants them.");

    public static final ConfigOption<Integer> SOURCE_PARALLELISM =
            key("source.parallelism")
                    .intType()
                    .noDefaultValue()
                    .withDescription(
                            "Subtasks of the Polymarket source operator (default: the job's"
                                    + " parallelism). Each token is streamed by exactly one of them.");

    public static final ConfigOption<Duration> WATERMARK_OUT_OF_ORDERNESS =
            key("watermark.out-of-orderness")
                    .durationType()
                    .defaultValue(Duration.ofMillis(100))
                    .withDescription(
                            "How far behind the newest exchange timestamp a tick may arrive and still"
                                    + " count in its own second (later ones are folded into the next"
                                    + " open second and counted as lateTicks).");

    public static final ConfigOption<Duration> WATERMARK_WALL_CLOCK_LAG =
            key("watermark.wall-clock-lag")
                    .durationType()
                    .defaultValue(Duration.ofMillis(250))
                    .withDescription(
                            "Live feeds only: a second S is closed once the wall clock reaches S + 1 s"
                                    + " + this lag, even when no later tick arrives.");

    public static final ConfigOption<Integer> SINK_PARALLELISM =
            key("sink.parallelism")
                    .intType()
                    .noDefaultValue()
                    .withDescription(
                            "PostgreSQL writers, each with its own connection (default: the job's"
                                    + " parallelism, chained to the bars). Set it above the job's"
                                    + " parallelism when the database, not the job, limits how"
                                    + " many tokens keep up; bars are then keyed by token again"
                                    + " on their way to the writers.");

    public static final ConfigOption<Integer> SINK_BATCH_SIZE =
            key("sink.batch-size")
                    .intType()
                    .defaultValue(5000)
                    .withDescription(
                            "Most bars per flush. A flush writes each table with one set-based"
                                    + " statement, in one transaction.");

    public static final ConfigOption<Duration> SINK_BATCH_INTERVAL =
            key("sink.batch-interval")
                    .durationType()
                    .defaultValue(Duration.ofMillis(50))
                    .withDescription("Longest a row waits in a JDBC batch before it is written.");

    public static final ConfigOption<Duration> SINK_RETRY_BACKOFF_MAX =
            key("sink.retry-backoff-max")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription(
                            "Longest pause between attempts while PostgreSQL is unreachable. The sink"
                                    + " blocks (back-pressuring the job) and retries, jittered,"
                                    + " until the database answers or sink.max-outage passes.");

    public static final ConfigOption<Duration> SINK_MAX_OUTAGE =
            key("sink.max-outage")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(10))
                    .withDescription(
                            "How long the sink rides out a database it cannot write before it fails"
                                    + " the task, so Flink's restart strategy and the operator's"
                                    + " alerts take over. Errors no retry can fix (bad SQL, missing"
                                    + " grants) fail at once; an unknown SQLState after 3 attempts."
                                    + " Unless execution.checkpointing.tolerable-failed-checkpoints is"
                                    + " set, the checkpoints that may fail during such an outage are"
                                    + " tolerated: max-outage / checkpoint interval + 2.");

    public static final ConfigOption<Boolean> BACKFILL_ENABLED =
            key("backfill.enabled")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Load a token's recent history from CLOB GET /prices-history (at rest.url)"
                                    + " into price_history once, when the job first streams the"
                                    + " token; the backfills table remembers which tokens are done,"
                                    + " across restarts. Off by default.");

    public static final ConfigOption<Duration> BACKFILL_WINDOW =
            key("backfill.window")
                    .durationType()
                    .defaultValue(Duration.ofDays(7))
                    .withDescription(
                            "How far back the history of a newly streamed token goes (at most"
                                    + " 5000 points of backfill.fidelity).");

    public static final ConfigOption<Integer> BACKFILL_FIDELITY =
            key("backfill.fidelity")
                    .intType()
                    .defaultValue(60)
                    .withDescription(
                            "Minutes between two history points. The CLOB refuses ranges over a day"
                                    + " below 5 and over a week below 10; such a setting is refused"
                                    + " at start.");

    public static final ConfigOption<Double> BACKFILL_REQUESTS_PER_SECOND =
            key("backfill.requests-per-second")
                    .doubleType()
                    .defaultValue(5.0)
                    .withDescription(
                            "History requests per second, shared by all subtasks (the CLOB allows"
                                    + " 1000 per 10 s for /prices-history). A 429 or 5xx answer"
                                    + " pauses the loading with jittered back-off.");

    public static final ConfigOption<Integer> BACKFILL_MAX_ATTEMPTS =
            key("backfill.max-attempts")
                    .intType()
                    .defaultValue(10)
                    .withDescription(
                            "Attempts per token before its back-fill is given up until the job next"
                                    + " starts without state (one line logged); a failure never"
                                    + " fails the job.");

    public static final ConfigOption<Duration> BACKFILL_RETRY_BACKOFF_MAX =
            key("backfill.retry-backoff-max")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription(
                            "Longest pause of the back-fill while the history endpoint or the"
                                    + " database fails.");
    public static final ConfigOption<String> UNIVERSE =
            key("universe")
                    .stringType()
                    .defaultValue("wanted")
                    .withDescription(
                            "Which markets are streamed: 'wanted' (what positions, linked wallets"
                                    + " and watches want, from Kafka), 'all' (every active market"
                                    + " in Gamma's catalogue, new ones within"
                                    + " universe.refresh-interval or at once on new_market), or"
                                    + " comma-separated filters a market must all pass:"
                                    + " tag:<gamma tag id>, min-volume:<n>, min-liquidity:<n>,"
                                    + " event:<slug> (repeatable). With a catalogue, wanted tokens"
                                    + " are streamed too.");

    public static final ConfigOption<Duration> UNIVERSE_REFRESH_INTERVAL =
            key("universe.refresh-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "How often Gamma's catalogue is walked (100 markets a request) when"
                                    + " universe is not 'wanted': a new market is streamed, a closed"
                                    + " one dropped, within this interval.");

    public static final ConfigOption<Boolean> UNIVERSE_KAFKA_INTENTS =
            key("universe.kafka-intents")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "With a catalogue universe, also stream what the Kafka intents want"
                                    + " (positions and watches of the Telegram gateway). Off: no"
                                    + " Kafka at all, for a cluster without the gateway. Must be"
                                    + " on with universe=wanted.");
    public static final ConfigOption<Duration> BARS_RETENTION =
            key("bars.retention")
                    .durationType()
                    .defaultValue(Duration.ofDays(30))
                    .withDescription(
                            "How long one-second bars (price_bars_1s) are kept. The table is"
                                    + " partitioned by UTC day; one sink writer drops the days"
                                    + " wholly older than this and creates the days ahead, at"
                                    + " most once an hour. Candles (candles_1m, candles_1h) are"
                                    + " kept.");

    public static final ConfigOption<String> BARS_TOPIC =
            key("bars.topic")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Optional Kafka topic (on kafka.bootstrap-servers) receiving every bar"
                                    + " with activity, keyed by token id, value JSON (the columns"
                                    + " of price_bars_1s), at least once. Unset (the default): no"
                                    + " bars topic. Created with kafka.topic.create like the intent"
                                    + " topic, else it must exist.");

    public static final ConfigOption<Integer> BARS_TOPIC_PARTITIONS =
            key("bars.topic.partitions")
                    .intType()
                    .defaultValue(6)
                    .withDescription(
                            "Partitions of bars.topic when the job creates it (replication:"
                                    + " kafka.topic.replication-factor).");
}
