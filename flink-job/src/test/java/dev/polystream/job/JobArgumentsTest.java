package dev.polystream.job;

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
}
