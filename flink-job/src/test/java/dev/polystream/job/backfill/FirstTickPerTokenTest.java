package dev.polystream.job.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystream.job.bar.Ticks;
import org.junit.jupiter.api.Test;

/** Only a token's first tick reaches the back-fill's shuffle. */
class FirstTickPerTokenTest {

    @Test
    void shouldPassTheFirstTickOfEachTokenOnly() {
        FirstTickPerToken filter = new FirstTickPerToken();

        assertThat(filter.filter(Ticks.quote("1", 1_000, "0.40", "0.42"))).isTrue();
        assertThat(filter.filter(Ticks.quote("1", 1_100, "0.41", "0.42"))).isFalse();
        assertThat(filter.filter(Ticks.trade("2", 1_200, "0.50", "3"))).isTrue();
        assertThat(filter.filter(Ticks.trade("1", 1_300, "0.41", "3"))).isFalse();
        assertThat(filter.filter(Ticks.trade("2", 1_400, "0.50", "3"))).isFalse();
    }
}
