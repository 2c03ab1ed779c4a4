package dev.polystream.ws.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void shouldAcceptEachForm() {
        assertThat(Durations.parse("k", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("k", "10 s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Durations.parse("k", "30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("k", "5min")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("k", "10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Durations.parse("k", "2 minutes")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("k", "1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("k", "2d")).isEqualTo(Duration.ofDays(2));
        assertThat(Durations.parse("k", "PT5M")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("k", "pt1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("k", " 250 MS ")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("k", "0")).isZero();
        assertThat(Durations.parse("k", "150")).isEqualTo(Duration.ofMillis(150));
    }

    @Test
    void shouldRefuseWhatIsNotADuration() {
        for (String bad : new String[] {"", "soon", "5 fortnights", "-5s", "PT-5S", "1.5s", "s"}) {
            assertThatThrownBy(() -> Durations.parse("sink.max-outage", bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                            "sink.max-outage must be a duration like 500ms, 30s, 10 min, 1h or"
                                    + " PT5M, got '"
                                    + bad
                                    + "'");
        }
    }

    @Test
    void shouldTellABareNumber() {
        assertThat(Durations.isBareNumber("50")).isTrue();
        assertThat(Durations.isBareNumber("50s")).isFalse();
        assertThat(Durations.isBareNumber("")).isFalse();
    }
}
