package dev.polystream.gateway.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystream.gateway.DaemonThreads;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.longpolling.BotSession;
import org.telegram.telegrambots.longpolling.TelegramBotsLongPollingApplication;
import org.telegram.telegrambots.longpolling.interfaces.LongPollingUpdateConsumer;
import org.telegram.telegrambots.longpolling.util.ExponentialBackOff;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.message.MaybeInaccessibleMessage;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * Receives updates by long polling ({@code getUpdates}, telegrambots' {@link BotSession}) and hands
 * them on as plain values ({@link ChatMessage}, {@link ButtonPress}): nothing past this class sees
 * an {@link Update}. Each chat's updates are handled in order, chats in parallel.
 */
public final class TelegramPoller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TelegramPoller.class);

    private final URI apiUrl;
    private final String token;
    private final Duration pollTimeout;
    private final Consumer<ChatMessage> onMessage;
    private final Consumer<ButtonPress> onButton;
    private final ChatExecutor executor = new ChatExecutor(4);
    private OkHttpClient http;
    private ScheduledExecutorService pollThread;
    private TelegramBotsLongPollingApplication application;
    private boolean closed;

    public TelegramPoller(
            URI apiUrl,
            String token,
            Duration pollTimeout,
            Consumer<ChatMessage> onMessage,
            Consumer<ButtonPress> onButton) {
        this.apiUrl = apiUrl;
        this.token = token;
        this.pollTimeout = pollTimeout;
        this.onMessage = onMessage;
        this.onButton = onButton;
    }

    /**
     * Deletes any webhook and starts polling. May be called again after it failed (Telegram
     * unreachable): each attempt starts from scratch.
     */
    public synchronized void start() throws TelegramApiException {
        if (closed) {
            return;
        }
        stopPolling();
        http =
                new OkHttpClient.Builder()
                        .connectTimeout(10, TimeUnit.SECONDS)
                        .readTimeout(pollTimeout.plusSeconds(15).toMillis(), TimeUnit.MILLISECONDS)
                        .writeTimeout(30, TimeUnit.SECONDS)
                        .build();
        pollThread =
                Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("telegram-poller"));
        application =
                new TelegramBotsLongPollingApplication(
                        ObjectMapper::new, () -> http, () -> pollThread, ExponentialBackOff::new);
        int timeoutSeconds = (int) pollTimeout.toSeconds();
        TelegramBotsLongPollingApplication app = application;
        app.registerBot(
                token,
                () -> BotApi.telegramUrl(apiUrl),
                lastUpdate ->
                        GetUpdates.builder()
                                .offset(lastUpdate + 1)
                                .limit(100)
                                .timeout(timeoutSeconds)
                                .allowedUpdates(List.of("message", "callback_query"))
                                .build(),
                new UpdateConsumer());
        LOG.info("Telegram long polling started");
    }

    private final class UpdateConsumer implements LongPollingUpdateConsumer {
        @Override
        public void consume(List<Update> updates) {
            for (Update update : updates) {
                try {
                    dispatch(update);
                } catch (RuntimeException e) {
                    LOG.warn("Skipped an update that could not be read: {}", e.toString());
                }
            }
        }
    }

    private void dispatch(Update update) {
        if (update.hasMessage()) {
            Message m = update.getMessage();
            User from = m.getFrom();
            if (from == null || !m.hasText() || m.getChatId() == null) {
                return;
            }
            ChatMessage message =
                    new ChatMessage(
                            m.getChatId(),
                            from.getId(),
                            from.getUserName(),
                            from.getFirstName(),
                            m.getMessageId() == null ? 0 : m.getMessageId(),
                            m.getText(),
                            m.getChat() == null ? null : m.getChat().getType());
            executor.submit(message.chatId(), () -> onMessage.accept(message));
        } else if (update.hasCallbackQuery()) {
            CallbackQuery q = update.getCallbackQuery();
            MaybeInaccessibleMessage m = q.getMessage();
            if (q.getFrom() == null || m == null || m.getChatId() == null) {
                return;
            }
            ButtonPress press =
                    new ButtonPress(
                            q.getId(),
                            m.getChatId(),
                            q.getFrom().getId(),
                            m.getMessageId() == null ? 0 : m.getMessageId(),
                            q.getData());
            executor.submit(press.chatId(), () -> onButton.accept(press));
        }
    }

    /** Stops polling (cancelling the open long poll) and finishes the updates in hand. */
    @Override
    public synchronized void close() {
        closed = true;
        stopPolling();
        executor.close();
    }

    private void stopPolling() {
        if (application != null) {
            try {
                application.close();
            } catch (Exception e) {
                LOG.debug("Closing long polling: {}", e.toString());
            }
        }
        if (http != null) {
            http.dispatcher().cancelAll();
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
        if (pollThread != null) {
            pollThread.shutdownNow();
            try {
                pollThread.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        application = null;
        http = null;
        pollThread = null;
    }
}
