package dev.polystream.ws.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Token ids shaped like the live ones (77 decimal digits) spread evenly over source subtasks. */
class TokenOwnershipTest {

    @Test
    void shouldSpreadLiveLookingTokenIdsEvenly() {
        Random random = new Random(2400);
        String[] tokens = new String[2400];
        for (int i = 0; i < tokens.length; i++) {
            StringBuilder id = new StringBuilder().append(1 + random.nextInt(9));
            for (int d = 0; d < 76; d++) {
                id.append(random.nextInt(10));
            }
            tokens[i] = id.toString();
        }
        for (int parallelism : new int[] {2, 3, 4, 8}) {
            int[] owned = new int[parallelism];
            for (String token : tokens) {
                int owner = TokenOwnership.ownerOf(token, parallelism);
                assertThat(TokenOwnership.owns(token, owner, parallelism)).isTrue();
                owned[owner]++;
            }
            double mean = tokens.length / (double) parallelism;
            for (int count : owned) {
                // Within 15 % of an even share (a binomial spread is ~±5 % here).
                assertThat(Math.abs(count - mean) / mean)
                        .as("parallelism %d: %s", parallelism, java.util.Arrays.toString(owned))
                        .isLessThan(0.15);
            }
        }
    }
}
