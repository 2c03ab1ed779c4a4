package dev.polystream.gateway.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystream.gateway.notify.SendQueue.Priority;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The send queue's schedule without a sender thread: priorities, turns, coalescing, pauses. */
class ChatTurnsTest {

    private static SendJob<Object> job(long chat, Priority p, String what) {
        return new SendJob<>(chat, p, api -> null, what);
    }

    private static List<String> drain(ChatTurns turns, int n) throws InterruptedException {
        List<String> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SendJob<?> next = turns.next(() -> true);
            order.add(next.chatId + ":" + next.what);
        }
        return order;
    }

    @Test
    void shouldServeRepliesBeforeAlertsBeforeCardsAndChatsInTurn() throws Exception {
        ChatTurns turns = new ChatTurns(0);
        turns.add(job(1, Priority.CARD, "editMessageText(card)"));
        turns.add(job(1, Priority.ALERT, "alert"));
        turns.add(job(1, Priority.REPLY, "reply-a"));
        turns.add(job(1, Priority.REPLY, "reply-b"));
        turns.add(job(2, Priority.REPLY, "reply-c"));

        assertThat(drain(turns, 5))
                .containsExactly(
                        "1:reply-a",
                        "2:reply-c",
                        "1:reply-b",
                        "1:alert",
                        "1:editMessageText(card)");
        assertThat(turns.pending()).isZero();
    }

    @Test
    void shouldKeepOnlyTheNewestCardEditOfAChat() throws Exception {
        ChatTurns turns = new ChatTurns(0);
        SendJob<Object> older = job(1, Priority.CARD, "editMessageText(card)");
        turns.add(older);
        turns.add(job(1, Priority.CARD, "editMessageText(card)"));

        assertThat(older.result).isCompletedWithValue(false);
        assertThat(turns.pending()).isEqualTo(1);
    }

    @Test
    void shouldHoldACardEditUntilTheChatsEditIntervalPassed() throws Exception {
        ChatTurns turns = new ChatTurns(TimeUnit.MILLISECONDS.toNanos(300));
        turns.editAnswered(1);
        turns.add(job(1, Priority.CARD, "editMessageText(card)"));
        long start = System.nanoTime();

        turns.next(() -> true);

        assertThat(System.nanoTime() - start)
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(250));
    }

    @Test
    void shouldHoldEverythingDuringAPause() throws Exception {
        ChatTurns turns = new ChatTurns(0);
        turns.pauseFor(TimeUnit.MILLISECONDS.toNanos(300));
        turns.add(job(1, Priority.REPLY, "reply"));
        long start = System.nanoTime();

        turns.next(() -> true);

        assertThat(System.nanoTime() - start)
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(250));
    }

    @Test
    void shouldPutARequeuedJobFirstAndFailWhatIsLeftWhenStopped() throws Exception {
        ChatTurns turns = new ChatTurns(0);
        turns.add(job(1, Priority.REPLY, "second"));
        turns.requeueFront(job(1, Priority.REPLY, "first"));
        assertThat(drain(turns, 1)).containsExactly("1:first");

        CompletableFuture<?> left = turns.next(() -> true).result;
        SendJob<Object> queued = job(2, Priority.ALERT, "alert");
        turns.add(queued);
        turns.failAll();

        assertThat(left).isNotDone();
        assertThat(queued.result).isCompletedExceptionally();
        assertThat(queued.result.handle((v, e) -> e))
                .isCompletedWithValueMatching(e -> e instanceof CancellationException);
        assertThat(turns.pending()).isZero();
        assertThat(turns.next(() -> false)).isNull();
    }
}
