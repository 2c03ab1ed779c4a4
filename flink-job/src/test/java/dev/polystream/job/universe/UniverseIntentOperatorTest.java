package dev.polystream.job.universe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystream.intent.SubscriptionIntent;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The merge of Kafka's intents with the catalogue: absolute counts, the catalogue adding one watch
 * while it lists a token; only changes emitted, also after a restore. Catalogue walks are handed in
 * directly (Gamma itself is unreachable here).
 */
class UniverseIntentOperatorTest {

    private static final URI NO_GAMMA = URI.create("http://127.0.0.1:9");

    private final List<OneInputStreamOperatorTestHarness<SubscriptionIntent, SubscriptionIntent>>
            harnesses = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (var h : harnesses) {
            h.close();
        }
    }

    @Test
    void shouldAddOneWatchWhileTheCatalogueListsAToken() throws Exception {
        var h = harness(null);
        UniverseIntentOperator op = operator(h);
        op.apply(Map.of("a", "m1", "b", "m1"));
        assertThat(counts(h)).containsExactlyInAnyOrder("a:0/1", "b:0/1");

        h.processElement(new StreamRecord<>(new SubscriptionIntent("a", "m1", 2, 1, null)));
        h.processElement(new StreamRecord<>(new SubscriptionIntent("z", "m9", 1, 0, null)));
        assertThat(counts(h)).containsExactly("a:2/2", "z:1/0");

        // Nobody wants "a" on Kafka any more: the catalogue still does.
        h.processElement(new StreamRecord<>(new SubscriptionIntent("a", 0, 0)));
        assertThat(counts(h)).containsExactly("a:0/1");

        // "b" leaves the catalogue: dropped. "z" joins it: one more watch. "a" unchanged: silent.
        op.apply(Map.of("a", "m1", "z", "m9"));
        assertThat(counts(h)).containsExactlyInAnyOrder("z:1/1", "b:0/0");
        assertThat(op.catalogue()).containsOnlyKeys("a", "z");
    }

    @Test
    void shouldEmitOnlyChangesAfterARestore() throws Exception {
        var h = harness(null);
        UniverseIntentOperator op = operator(h);
        op.apply(Map.of("a", "m1", "b", "m1"));
        h.processElement(new StreamRecord<>(new SubscriptionIntent("k", "m2", 1, 0, null)));
        counts(h);
        OperatorSubtaskState snapshot = h.snapshot(1, 1);

        var restored = harness(snapshot);
        UniverseIntentOperator again = operator(restored);
        assertThat(counts(restored)).isEmpty();
        assertThat(again.catalogue()).containsOnlyKeys("a", "b");
        again.apply(Map.of("a", "m1", "b", "m1", "k", "m2"));
        assertThat(counts(restored)).containsExactly("k:1/1");
    }

    private OneInputStreamOperatorTestHarness<SubscriptionIntent, SubscriptionIntent> harness(
            OperatorSubtaskState state) throws Exception {
        var h =
                new OneInputStreamOperatorTestHarness<>(
                        new UniverseIntentOperator(
                                Universe.parse("all"), NO_GAMMA, Duration.ofHours(1)));
        harnesses.add(h);
        if (state != null) {
            h.initializeState(state);
        }
        h.open();
        return h;
    }

    private static UniverseIntentOperator operator(
            OneInputStreamOperatorTestHarness<SubscriptionIntent, SubscriptionIntent> h) {
        return (UniverseIntentOperator) h.getOneInputOperator();
    }

    /** The intents emitted since the last call, as "token:positions/watchers". */
    private static List<String> counts(
            OneInputStreamOperatorTestHarness<SubscriptionIntent, SubscriptionIntent> h) {
        List<String> out = new ArrayList<>();
        for (SubscriptionIntent i : h.extractOutputValues()) {
            out.add(i.tokenId() + ":" + i.positions() + "/" + i.watchers());
        }
        h.getOutput().clear();
        return out;
    }
}
