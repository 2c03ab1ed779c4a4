package dev.polystream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps the client-alone benchmark working: one short round at a modest rate must bring frames to
 * both readers and ticks out of the client. No speed is asserted (figures come from
 * bench/client-benchmark.sh).
 */
class ClientBenchmarkITCase {

    @Test
    void shortRoundCountsFramesOnBothReaders() throws Exception {
        List<ClientBenchmark.Round> rounds = ClientBenchmark.run(40, 5_000, 1, 0, 1);

        assertThat(rounds).hasSize(1);
        ClientBenchmark.Round round = rounds.get(0);
        assertThat(round.bare().framesPerSecond()).isGreaterThan(100);
        assertThat(round.client().framesPerSecond()).isGreaterThan(100);
        // every firehose frame carries two entries: two ticks a frame
        assertThat(round.client().ticksPerSecond()).isGreaterThan(round.client().framesPerSecond());
        String report = ClientBenchmark.report(rounds, 40, 5_000, 1);
        System.out.println(report);
        assertThat(report).contains("| 1 |").contains("client/bare");
    }
}
