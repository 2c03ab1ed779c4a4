package dev.polystream.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystream.ws.config.Durations;
import org.apache.flink.util.TimeUtils;
import org.junit.jupiter.api.Test;

/**
 * The project's duration grammar ({@link Durations}, used where Flink is absent: the gateway) reads
 * every form exactly as Flink's {@link TimeUtils} reads the job's keys.
 */
class DurationGrammarTest {

    @Test
    void shouldReadEachFormLikeFlink() {
        for (String text :
                new String[] {
                    "0",
                    "150",
                    "500ms",
                    "500 ms",
                    "10 s",
                    "30s",
                    "5min",
                    "10m",
                    "2 minutes",
                    "1h",
                    "3 hours",
                    "2d",
                    "250µs",
                    "7ns",
                    "PT5M",
                    "PT1.5S",
                    "1 sec"
                }) {
            assertThat(Durations.parse("k", text))
                    .as(text)
                    .isEqualTo(TimeUtils.parseDuration(text));
        }
    }

    @Test
    void shouldRefuseWhatFlinkRefuses() {
        for (String text : new String[] {"soon", "5 fortnights", "-5s", "1.5s", "250us"}) {
            assertThatThrownBy(() -> TimeUtils.parseDuration(text)).as(text).isNotNull();
            assertThatThrownBy(() -> Durations.parse("k", text)).as(text).isNotNull();
        }
    }
}
