package dev.polystream.job.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystream.ws.resilience.Backoff;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WriteRetriesTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final WriteRetries retries =
            new WriteRetries(
                    new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5)),
                    Duration.ofMinutes(10),
                    now::get);

    private static SQLException state(String sqlState) {
        return new SQLException("boom", sqlState);
    }

    @Test
    void shouldRideOutAConnectionOutageWithinTheBudgetWithGrowingJitteredWaits() throws Exception {
        Duration first = retries.failed(state("08006"), "db");
        assertThat(first).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        now.addAndGet(Duration.ofMinutes(9).toMillis());
        Duration later = Duration.ZERO;
        for (int i = 0; i < 10; i++) {
            later = retries.failed(state("57P01"), "db");
        }
        assertThat(later).isBetween(Duration.ofMillis(2_500), Duration.ofSeconds(5));
        assertThat(retries.outageMs()).isEqualTo(Duration.ofMinutes(9).toMillis());
    }

    @Test
    void shouldFailTheTaskOnceTheOutageOutlastsTheBudget() throws Exception {
        retries.failed(state("08001"), "db");
        now.addAndGet(Duration.ofMinutes(10).toMillis());
        assertThatThrownBy(() -> retries.failed(state("08001"), "jdbc:postgresql://db/x"))
                .isInstanceOf(WriteRetries.GiveUp.class)
                .hasMessageContaining("could not be written for 600 s, past sink.max-outage")
                .hasMessageContaining("jdbc:postgresql://db/x");
    }

    @Test
    void shouldStartTheBudgetAgainAfterASuccess() throws Exception {
        retries.failed(state("08001"), "db");
        now.addAndGet(Duration.ofMinutes(9).toMillis());
        retries.succeeded();
        assertThat(retries.outageMs()).isZero();
        retries.failed(state("08001"), "db");
        now.addAndGet(Duration.ofMinutes(9).toMillis());
        assertThat(retries.failed(state("08001"), "db")).isPositive();
    }

    @Test
    void shouldFailAtOnceOnAnErrorNoRetryCanFix() {
        assertThatThrownBy(() -> retries.failed(state("42501"), "db"))
                .isInstanceOf(WriteRetries.GiveUp.class)
                .hasMessageContaining("rejected the job's writes")
                .hasMessageContaining("42501");
        assertThatThrownBy(() -> retries.failed(state("42P01"), "db"))
                .isInstanceOf(WriteRetries.GiveUp.class);
    }

    @Test
    void shouldRetryAnUnknownSqlStateAFewTimesThenTreatItAsPermanent() throws Exception {
        for (int i = 0; i < WriteRetries.UNKNOWN_ATTEMPTS; i++) {
            assertThat(retries.failed(state("XX000"), "db")).isPositive();
        }
        assertThatThrownBy(() -> retries.failed(state("XX000"), "db"))
                .isInstanceOf(WriteRetries.GiveUp.class)
                .hasMessageContaining("does not know 4 times in a row");
    }

    @Test
    void shouldCountOnlyUnknownErrorsInARow() throws Exception {
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < WriteRetries.UNKNOWN_ATTEMPTS; i++) {
                retries.failed(state("XX000"), "db");
            }
            retries.failed(state("08006"), "db");
        }
        assertThat(retries.failures()).isEqualTo(12);
    }

    @Test
    void shouldClassifySqlStates() {
        assertThat(SqlErrors.classify(state("08006"))).isEqualTo(SqlErrors.Kind.TRANSIENT);
        assertThat(SqlErrors.classify(state("40P01"))).isEqualTo(SqlErrors.Kind.TRANSIENT);
        assertThat(SqlErrors.classify(state("53300"))).isEqualTo(SqlErrors.Kind.TRANSIENT);
        assertThat(SqlErrors.classify(state("23505"))).isEqualTo(SqlErrors.Kind.PERMANENT);
        assertThat(SqlErrors.classify(state("XX000"))).isEqualTo(SqlErrors.Kind.UNKNOWN);
        assertThat(SqlErrors.classify(new SQLException("no state")))
                .isEqualTo(SqlErrors.Kind.UNKNOWN);
        assertThat(
                        SqlErrors.classify(
                                new SQLException(
                                        "wrapped", null, new java.io.IOException("reset"))))
                .isEqualTo(SqlErrors.Kind.TRANSIENT);
    }
}
