package dev.polystream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps the benchmark harness working: a short run at a low rate must deliver the firehose to the
 * job and write rows. No figure is asserted (figures come from bench/e2e-benchmark.sh).
 */
class EndToEndBenchmarkITCase {

    @Test
    void shortRunDeliversTheFirehoseAndWritesRows() throws Exception {
        List<EndToEndBenchmark.Step> steps = EndToEndBenchmark.run(List.of(20), List.of(500), 4, 1);

        assertThat(steps).hasSize(1);
        EndToEndBenchmark.Step step = steps.get(0);
        assertThat(step.delivered()).isGreaterThan(100);
        assertThat(step.framesPerSecond()).isGreaterThan(100);
        assertThat(step.barsRowsPerSecond()).isGreaterThan(0);
        // The debounce: never more than one history row per token per second.
        assertThat(step.barsRowsPerSecond()).isLessThanOrEqualTo(20 * 1.25);
        // Every bar of the step was sampled: a second's bar commits after the second ends.
        assertThat(step.secondEndP50()).isNotNaN().isPositive();
        assertThat(step.tickToCommitP99()).isNotNaN().isGreaterThanOrEqualTo(step.secondEndP50());
        assertThat(EndToEndBenchmark.report(steps, 4, 1)).contains("| 20 | 500 |");
    }
}
