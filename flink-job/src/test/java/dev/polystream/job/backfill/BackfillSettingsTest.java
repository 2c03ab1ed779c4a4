package dev.polystream.job.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystream.job.config.JobArguments;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** The {@code backfill.*} keys: defaults, the CLOB's fidelity rules, bounds, misspellings. */
class BackfillSettingsTest {

    @Test
    void shouldTakeTheDefaults() {
        BackfillSettings settings = BackfillSettings.from(new Configuration());

        assertThat(settings.window()).isEqualTo(Duration.ofDays(7));
        assertThat(settings.fidelityMinutes()).isEqualTo(60);
        assertThat(settings.requestsPerSecond()).isEqualTo(5.0);
        assertThat(settings.restUrl()).isEqualTo("https://clob.polymarket.com");
        assertThat(settings.retryBackoffInitial()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void shouldRefuseWhatTheClobWouldRefuseForEveryToken() {
        assertThatThrownBy(() -> settings("backfill.window=30 d", "backfill.fidelity=5"))
                .hasMessageContaining("use at least 10");
        assertThatThrownBy(() -> settings("backfill.window=2 d", "backfill.fidelity=1"))
                .hasMessageContaining("use at least 5");
        assertThat(settings("backfill.window=1 d", "backfill.fidelity=1").fidelityMinutes())
                .isEqualTo(1);
        assertThatThrownBy(() -> settings("backfill.window=300 d", "backfill.fidelity=60"))
                .hasMessageContaining("5000 points");
        assertThatThrownBy(() -> settings("backfill.requests-per-second=0"))
                .hasMessageContaining("requests-per-second");
        assertThatThrownBy(() -> settings("backfill.requests-per-second=500"))
                .hasMessageContaining("requests-per-second");
        assertThatThrownBy(() -> settings("backfill.max-attempts=0"))
                .hasMessageContaining("max-attempts");
    }

    @Test
    void shouldRefuseAMisspeltKeyAndTellPermanentFromPassingFailures() {
        assertThatThrownBy(() -> JobArguments.parse("--conf", "backfill.enable=true"))
                .hasMessageContaining("did you mean 'backfill.enabled'?");
        assertThat(BackfillWorker.isPermanent(400)).isTrue();
        assertThat(BackfillWorker.isPermanent(404)).isTrue();
        assertThat(BackfillWorker.isPermanent(429)).isFalse();
        assertThat(BackfillWorker.isPermanent(503)).isFalse();
        assertThat(BackfillWorker.isPermanent(0)).isFalse();
    }

    private static BackfillSettings settings(String... keyValues) {
        String[] args = new String[keyValues.length * 2];
        for (int i = 0; i < keyValues.length; i++) {
            args[2 * i] = "--conf";
            args[2 * i + 1] = keyValues[i];
        }
        return BackfillSettings.from(JobArguments.parse(args).configuration());
    }
}
