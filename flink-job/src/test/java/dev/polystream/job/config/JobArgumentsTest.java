package dev.polystream.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobArgumentsTest {

    @Test
    void shouldMapShorthandsAndConfToTypedOptions() {
        JobArguments.Parsed parsed =
                JobArguments.parse(
                        "--jdbc-url",
                        "jdbc:postgresql://127.0.0.1:5432/p",
                        "--kafka",
                        "127.0.0.1:9092",
                        "--watch",
                        "111,222",
                        "--ws-url",
                        "ws://127.0.0.1:1/ws/market",
                        "--conf",
                        "sink.batch-interval=250 ms",
                        "--conf=parallelism.default=2",
                        "capture.txt");
        var conf = parsed.configuration();
        assertThat(conf.get(JobOptions.JDBC_URL)).isEqualTo("jdbc:postgresql://127.0.0.1:5432/p");
        assertThat(conf.get(JobOptions.KAFKA_BOOTSTRAP_SERVERS)).isEqualTo("127.0.0.1:9092");
        assertThat(conf.get(JobOptions.WATCH)).containsExactly("111", "222");
        assertThat(conf.get(JobOptions.SINK_BATCH_INTERVAL)).isEqualTo(Duration.ofMillis(250));
        assertThat(conf.toMap()).containsEntry("ws.url", "ws://127.0.0.1:1/ws/market");
        assertThat(conf.toMap()).containsEntry("parallelism.default", "2");
        assertThat(parsed.positional()).isEqualTo(List.of("capture.txt"));
    }

    @Test
    void shouldRefuseWhatItDoesNotKnow() {
        assertThatThrownBy(() -> JobArguments.parse("--jdbc-uri", "x"))
                .hasMessageContaining("Unknown option --jdbc-uri");
        assertThatThrownBy(() -> JobArguments.parse("--conf", "novalue"))
                .hasMessageContaining("key=value");
        assertThatThrownBy(() -> JobArguments.parse("--watch"))
                .hasMessageContaining("--watch needs a value");
    }

    @Test
    void shouldAcceptWatchListsInConf() {
        var conf = JobArguments.parse("--conf", "watch=1;2, 3").configuration();
        assertThat(conf.get(JobOptions.WATCH)).containsExactly("1", "2", "3");
    }

    @Test
    void shouldRefuseAnUnknownProjectKeyWithTheNearestKnownOne() {
        assertThatThrownBy(() -> JobArguments.parse("--conf", "sink.max-outtage=5 min"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Unknown config key 'sink.max-outtage' in --conf; did you mean"
                                + " 'sink.max-outage'?");
        assertThatThrownBy(() -> JobArguments.parse("--conf=ws.ping-intervall=5s"))
                .hasMessageContaining("did you mean 'ws.ping-interval'?");
        // A gateway key is read by the launcher's local stack, not by the job alone.
        assertThatThrownBy(() -> JobArguments.parse("--conf", "telegram.poll-timeout=5s"))
                .hasMessageStartingWith("Unknown config key 'telegram.poll-timeout'");
        var conf =
                JobArguments.parse(
                                List.of("telegram.poll-timeout"),
                                "--conf",
                                "telegram.poll-timeout=5s")
                        .configuration();
        assertThat(conf.toMap()).containsEntry("telegram.poll-timeout", "5s");
    }

    @Test
    void shouldPassKnownKeysAndFlinksOwn() {
        var conf =
                JobArguments.parse(
                                "--conf", "sink.max-outage=PT5M",
                                "--conf", "ws.ping-interval=10 s",
                                "--conf", "watermark.wall-clock-lag=5min",
                                "--conf", "execution.checkpointing.interval=30 s",
                                "--conf", "rest.port=8082")
                        .configuration();
        assertThat(conf.get(JobOptions.SINK_MAX_OUTAGE)).isEqualTo(Duration.ofMinutes(5));
        assertThat(conf.get(JobOptions.WATERMARK_WALL_CLOCK_LAG)).isEqualTo(Duration.ofMinutes(5));
        assertThat(conf.toMap()).containsEntry("rest.port", "8082");
    }

    @Test
    void shouldRefuseAWsUrlThatIsNotAWebSocketAndAMalformedJdbcUrl() {
        assertThatThrownBy(() -> JobArguments.parse("--ws-url", "https://example.com/ws"))
                .hasMessage(
                        "--ws-url (ws.url) must start with ws:// or wss://, e.g."
                                + " wss://ws-subscriptions-clob.polymarket.com/ws/market; got"
                                + " 'https://example.com/ws'");
        assertThatThrownBy(() -> JobArguments.parse("--jdbc-url", "postgres://h/db?password=pw"))
                .hasMessageStartingWith("--jdbc-url (jdbc.url) must be a PostgreSQL JDBC URL")
                .hasMessageEndingWith("got 'postgres://h/db?password=***'");
        JobArguments.parse("--ws-url", "wss://h/ws/market", "--jdbc-url", "jdbc:postgresql://h/db");
    }
}
