package dev.polystream.gateway.fills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystream.gateway.credentials.StoredCredentials;
import dev.polystream.gateway.notify.SendQueue;
import dev.polystream.gateway.store.FillStore;
import dev.polystream.gateway.telegram.BotApi;
import dev.polystream.gateway.telegram.Keyboard;
import dev.polystream.gateway.testutils.FakeBotApi;
import dev.polystream.gateway.testutils.SharedInfrastructure;
import dev.polystream.ws.auth.ApiCredentials;
import dev.polystream.ws.auth.L2Credentials;
import dev.polystream.ws.protocol.Side;
import dev.polystream.ws.user.OwnFill;
import dev.polystream.ws.user.TradeStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fill notices on a real PostgreSQL (the dedupe is the database's) and a fake Bot API: one message
 * per leg when it matches and one when it is final, whatever the order, the duplicates, or a
 * restart in between (a new {@link FillNotices} over the same tables).
 */
@ExtendWith(SharedInfrastructure.class)
class FillNoticesITCase {

    static final String TOKEN = "66:fill-notices";
    static final AtomicLong USERS = new AtomicLong(72_000);

    static FakeBotApi telegram;
    static BotApi api;
    static SendQueue queue;
    static final List<String> refreshed = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        telegram = FakeBotApi.start(TOKEN);
        api = new BotApi(telegram.baseUrl(), TOKEN);
        queue = new SendQueue(api, 30, Duration.ofMillis(10));
    }

    @AfterAll
    static void stop() {
        queue.close();
        api.close();
        telegram.close();
    }

    static FillNotices notices() {
        return new FillNotices(
                SharedInfrastructure.gatewayDataSource(),
                new FillStore(SharedInfrastructure.gatewayDataSource()),
                queue,
                refreshed::add);
    }

    static StoredCredentials owner() {
        long user = USERS.incrementAndGet();
        return new StoredCredentials(
                user,
                user,
                String.format("0x%040x", user),
                "abcd",
                new L2Credentials(
                        new ApiCredentials(
                                "11111111-2222-3333-4444-55555555abcd",
                                "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I=",
                                "pass-phrase-1"),
                        "0x3333333333333333333333333333333333333333"));
    }

    static OwnFill fill(String trade, String leg, TradeStatus status) {
        return new OwnFill(
                trade,
                leg,
                status,
                false,
                "0xcondition-not-in-catalogue",
                "token-not-in-catalogue",
                "Yes",
                Side.BUY,
                new BigDecimal("12.50"),
                new BigDecimal("0.520"),
                Instant.parse("2026-12-07T08:00:00Z"));
    }

    /** The chat's messages once everything queued before has gone out. */
    static List<String> texts(StoredCredentials owner) throws Exception {
        queue.send(owner.chatId(), "—", Keyboard.NONE, SendQueue.Priority.ALERT)
                .get(20, TimeUnit.SECONDS);
        return telegram.messages(owner.chatId()).stream()
                .map(FakeBotApi.Message::text)
                .filter(t -> !t.equals("—"))
                .toList();
    }

    @Test
    void shouldAnnounceAMatchAndItsConfirmationOnceEachThroughDuplicates() throws Exception {
        StoredCredentials owner = owner();
        FillNotices notices = notices();
        assertThat(notices.on(owner, fill("t1", "l1", TradeStatus.MATCHED))).isFalse();
        assertThat(notices.on(owner, fill("t1", "l1", TradeStatus.MATCHED))).isFalse();
        assertThat(notices.on(owner, fill("t1", "l1", TradeStatus.MINED))).isFalse();
        assertThat(notices.on(owner, fill("t1", "l1", TradeStatus.CONFIRMED))).isTrue();
        assertThat(notices.on(owner, fill("t1", "l1", TradeStatus.CONFIRMED))).isFalse();
        assertThat(notices.on(owner, fill("t1", "l1", TradeStatus.MATCHED))).isFalse();

        assertThat(texts(owner))
                .containsExactly(
                        "🟢 Bought 12.5 Yes @ 0.52 · matched",
                        "✅ Confirmed: bought 12.5 Yes @ 0.52");
        assertThat(refreshed).containsOnlyOnce(owner.wallet());
    }

    @Test
    void shouldAnnounceOnlyTheConfirmationWhenThatIsTheFirstSightAndIgnoreLateStatuses()
            throws Exception {
        StoredCredentials owner = owner();
        FillNotices notices = notices();
        notices.on(owner, fill("t2", "l1", TradeStatus.CONFIRMED));
        notices.on(owner, fill("t2", "l1", TradeStatus.MATCHED));
        notices.on(owner, fill("t2", "l1", TradeStatus.MINED));
        // Two own legs of one trade are two fills.
        notices.on(owner, fill("t2", "l2", TradeStatus.MATCHED));
        notices.on(owner, fill("t2", "l2", TradeStatus.RETRYING));
        notices.on(owner, fill("t2", "l2", TradeStatus.FAILED));
        notices.on(owner, fill("t2", "l2", TradeStatus.FAILED));

        assertThat(texts(owner))
                .containsExactly(
                        "✅ Matched and confirmed: bought 12.5 Yes @ 0.52",
                        "🟢 Bought 12.5 Yes @ 0.52 · matched",
                        "❌ Failed: bought 12.5 Yes @ 0.52 did not settle on chain; nothing"
                                + " changed in your wallet");
        assertThat(refreshed).containsOnlyOnce(owner.wallet());
    }

    @Test
    void shouldNeitherRepeatNorMissAcrossARestart() throws Exception {
        StoredCredentials owner = owner();
        FillNotices before = notices();
        before.on(owner, fill("t3", "l1", TradeStatus.MATCHED));
        before.on(owner, fill("t3", "l2", TradeStatus.MATCHED));
        before.on(owner, fill("t3", "l2", TradeStatus.CONFIRMED));

        // A new process reconciles: it sees everything again, and what happened meanwhile.
        FillNotices after = notices();
        after.on(owner, fill("t3", "l1", TradeStatus.MATCHED));
        after.on(owner, fill("t3", "l2", TradeStatus.MATCHED));
        after.on(owner, fill("t3", "l2", TradeStatus.CONFIRMED));
        after.on(owner, fill("t3", "l1", TradeStatus.CONFIRMED));
        after.on(owner, fill("t4", "l1", TradeStatus.MATCHED));

        assertThat(texts(owner))
                .containsExactly(
                        "🟢 Bought 12.5 Yes @ 0.52 · matched",
                        "🟢 Bought 12.5 Yes @ 0.52 · matched",
                        "✅ Confirmed: bought 12.5 Yes @ 0.52",
                        "✅ Confirmed: bought 12.5 Yes @ 0.52",
                        "🟢 Bought 12.5 Yes @ 0.52 · matched");
    }

    @Test
    void shouldRecordTheHistoryAtConnectWithoutAnnouncingIt() throws Exception {
        StoredCredentials owner = owner();
        FillNotices notices = notices();
        assertThat(
                        notices.baseline(
                                owner,
                                List.of(
                                        fill("t5", "l1", TradeStatus.CONFIRMED),
                                        fill("t5", "l1", TradeStatus.CONFIRMED),
                                        fill("t6", "l1", TradeStatus.MATCHED))))
                .isEqualTo(2);
        notices.on(owner, fill("t5", "l1", TradeStatus.CONFIRMED));
        notices.on(owner, fill("t6", "l1", TradeStatus.MATCHED));
        notices.on(owner, fill("t6", "l1", TradeStatus.CONFIRMED));

        assertThat(texts(owner)).containsExactly("✅ Confirmed: bought 12.5 Yes @ 0.52");
        // Other traders' notices never reach this chat.
        assertThat(telegram.messages(owner.chatId() + 1)).isEmpty();
    }

    @Test
    void shouldSendAgainAtStartWhatWasAnnouncedButNeverDelivered() throws Exception {
        StoredCredentials owner = owner();
        FillStore store = new FillStore(SharedInfrastructure.gatewayDataSource());
        // Delivered normally: marked once Telegram accepted it.
        FillNotices notices = notices();
        notices.on(owner, fill("t7", "l7", TradeStatus.MATCHED));
        assertThat(texts(owner)).containsExactly("🟢 Bought 12.5 Yes @ 0.52 · matched");
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(
                        () ->
                                store.undelivered(
                                                owner.userId(), owner.wallet(), Duration.ofDays(1))
                                        .isEmpty());

        // The gateway stopped after recording t7's confirmation and before Telegram answered.
        assertThat(
                        store.record(
                                owner.userId(),
                                owner.wallet(),
                                fill("t7", "l7", TradeStatus.CONFIRMED),
                                true))
                .isTrue();
        FillNotices afterRestart = notices();
        assertThat(afterRestart.resendUndelivered(owner)).isEqualTo(1);
        assertThat(texts(owner))
                .containsExactly(
                        "🟢 Bought 12.5 Yes @ 0.52 · matched",
                        "✅ Confirmed: bought 12.5 Yes @ 0.52");
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> afterRestart.resendUndelivered(owner) == 0);
        assertThat(texts(owner)).hasSize(2);
    }
}
