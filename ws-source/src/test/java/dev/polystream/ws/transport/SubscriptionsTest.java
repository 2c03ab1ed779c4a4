package dev.polystream.ws.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriptionsTest {

    private final Subscriptions subscriptions = new Subscriptions();

    @Test
    void shouldCarryEveryTokenInTheInitialSubscriptionAndNothingAfter() {
        subscriptions.add("1");
        subscriptions.add("2");
        assertThat(subscriptions.initialSent()).containsExactly("1", "2");
        assertThat(subscriptions.drain().isEmpty()).isTrue();
    }

    @Test
    void shouldTurnChangesIntoOneUnsubscribeAndOneSubscribe() {
        subscriptions.add("1");
        subscriptions.add("2");
        subscriptions.initialSent();
        subscriptions.add("3");
        subscriptions.remove("1");
        subscriptions.resubscribe("2");

        Subscriptions.Operations ops = subscriptions.drain();

        assertThat(ops.unsubscribe()).containsExactly("1", "2");
        assertThat(ops.subscribe()).containsExactly("3", "2");
        assertThat(ops.fresh()).containsExactly("3");
        assertThat(subscriptions.drain().isEmpty()).isTrue();
    }

    @Test
    void shouldResubscribeOnlyStreamedTokens() {
        subscriptions.resubscribe("9");
        assertThat(subscriptions.resubscribePending()).isFalse();
    }

    @Test
    void shouldKnowWhichOperationsAwaitTheirSnapshot() {
        subscriptions.initialSent();
        subscriptions.add("1");
        subscriptions.add("2");
        subscriptions.drain();
        assertThat(subscriptions.operationsPending()).isEqualTo(2);

        subscriptions.settled("1");
        assertThat(subscriptions.operationsPending()).isEqualTo(1);

        subscriptions.socketLost();
        assertThat(subscriptions.operationPending()).isFalse();
        // A new socket knew nothing: the next changes carry every token again.
        assertThat(subscriptions.drain().subscribe()).containsExactlyElementsOf(List.of("1", "2"));
    }
}
