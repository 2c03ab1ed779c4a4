package dev.polystream.gateway.notify;

import static dev.polystream.gateway.testutils.SharedInfrastructure.asSuperuser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.polystream.gateway.service.AlertService;
import dev.polystream.gateway.telegram.BotApi;
import dev.polystream.gateway.testutils.FakeBotApi;
import dev.polystream.gateway.testutils.GatewayTables;
import dev.polystream.gateway.testutils.SharedInfrastructure;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Alerts survive a crash and an outage: an alert fired by an earlier process but never delivered is
 * delivered by the next one; one that Telegram keeps refusing with 5xx stays undelivered (and is
 * not lost) until Telegram answers.
 */
@ExtendWith(SharedInfrastructure.class)
class AlertNotifierITCase {

    private static final String TOKEN = "55:alert-notifier";

    private static long firedButUndelivered(long user, String token) {
        asSuperuser(
                "INSERT INTO token_prices (token_id, price, best_bid, best_ask, exchange_ts)"
                        + " VALUES ('"
                        + token
                        + "', 0.7, 0.69, 0.71, now())"
                        + " ON CONFLICT (token_id) DO UPDATE SET price = 0.7");
        asSuperuser(
                "INSERT INTO alerts (user_id, chat_id, kind, token_id, outcome, threshold,"
                        + " fired_at, fired_value) VALUES ("
                        + user
                        + ", "
                        + user
                        + ", 'price_above', '"
                        + token
                        + "', 'Yes', 0.6, now() - interval '1 minute', 0.7)");
        long[] id = new long[1];
        GatewayTables.query(
                "SELECT max(id) FROM alerts WHERE user_id = " + user, rs -> id[0] = rs.getLong(1));
        return id[0];
    }

    private static boolean notified(long alertId) {
        boolean[] done = new boolean[1];
        GatewayTables.query(
                "SELECT notified_at IS NOT NULL FROM alerts WHERE id = " + alertId,
                rs -> done[0] = rs.getBoolean(1));
        return done[0];
    }

    @Test
    void shouldDeliverAnAlertFiredBeforeARestartOnceTelegramAnswers() {
        long user = 880_001L;
        long alertId = firedButUndelivered(user, "tok-alert-restart");
        try (FakeBotApi telegram = FakeBotApi.start(TOKEN);
                BotApi api = new BotApi(telegram.baseUrl(), TOKEN);
                SendQueue queue = new SendQueue(api, 25, Duration.ofSeconds(3));
                AlertNotifier notifier =
                        new AlertNotifier(
                                new AlertService(SharedInfrastructure.gatewayDataSource()),
                                queue,
                                Duration.ofMillis(100))) {
            telegram.failNext("sendMessage", 4, 503, 0);
            notifier.start();
            telegram.awaitText(user, "Alert #" + alertId + "</b>", Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(10)).until(() -> notified(alertId));
            assertThat(telegram.requests("sendmessage"))
                    .filteredOn(r -> r.chatId() == user)
                    .extracting(FakeBotApi.Request::status)
                    .containsExactly(503, 503, 503, 503, 200);
            // Delivered once, however many checks ran meanwhile.
            await().pollDelay(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> true);
            assertThat(telegram.messages(user)).hasSize(1);
        }
    }

    @Test
    void shouldRecordAnAlertTelegramAcceptedWhileStoppingAndNotSendItAgain() {
        long user = 880_002L;
        long alertId = firedButUndelivered(user, "tok-alert-stop");
        try (FakeBotApi telegram = FakeBotApi.start(TOKEN)) {
            telegram.answerLate(Duration.ofMillis(1_500));
            try (BotApi api = new BotApi(telegram.baseUrl(), TOKEN);
                    SendQueue queue = new SendQueue(api, 25, Duration.ofSeconds(3));
                    AlertNotifier notifier =
                            new AlertNotifier(
                                    new AlertService(SharedInfrastructure.gatewayDataSource()),
                                    queue,
                                    Duration.ofMillis(100))) {
                notifier.start();
                // Telegram has the message, its answer is still on the way: stop now.
                telegram.awaitText(user, "Alert #" + alertId + "</b>", Duration.ofSeconds(30));
            }
            assertThat(notified(alertId)).as("marked delivered before the queue stopped").isTrue();

            telegram.answerLate(Duration.ZERO);
            try (BotApi api = new BotApi(telegram.baseUrl(), TOKEN);
                    SendQueue queue = new SendQueue(api, 25, Duration.ofSeconds(3));
                    AlertNotifier notifier =
                            new AlertNotifier(
                                    new AlertService(SharedInfrastructure.gatewayDataSource()),
                                    queue,
                                    Duration.ofMillis(100))) {
                notifier.start();
                await().pollDelay(Duration.ofMillis(800))
                        .atMost(Duration.ofSeconds(5))
                        .until(() -> true);
            }
            assertThat(telegram.messages(user)).hasSize(1);
        }
    }
}
