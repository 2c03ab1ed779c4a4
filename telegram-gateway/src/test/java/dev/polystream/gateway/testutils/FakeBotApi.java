package dev.polystream.gateway.testutils;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A fake Telegram Bot API server on 127.0.0.1 speaking real HTTP, for the gateway's tests: {@code
 * /bot<token>/<method>} with method names matched case-insensitively, JSON, form or multipart
 * bodies, and the API's JSON answers. It keeps the chats' messages as Telegram would (so edits can
 * be checked), queues updates for {@code getUpdates} long polling, and can inject 429s with {@code
 * retry_after} and 5xx answers. The parts: {@link FakeBotHttp} (the server's handler), {@link
 * FakeBotChats} (Telegram's side: chats, updates, requests) and {@link FakeBotFaults} (failure
 * injection).
 *
 * <p>Served: {@code getUpdates}, {@code sendMessage}, {@code editMessageText}, {@code
 * answerCallbackQuery}, {@code sendPhoto} (multipart), {@code setMyCommands}, {@code
 * deleteWebhook}, {@code getMe}, {@code deleteMessage} (recorded; can be refused).
 */
public final class FakeBotApi implements AutoCloseable {

    public static final long BOT_ID = 777_000_001L;

    /** One request as received. */
    public record Request(
            String method, Long chatId, long atNanos, int status, Map<String, String> params) {}

    /** A message in a chat as Telegram holds it now (after any edits). */
    public record Message(
            long chatId,
            long messageId,
            String text,
            String parseMode,
            JsonNode replyMarkup,
            int edits,
            byte[] photo) {

        /** The callback data of every inline button, row by row. */
        public List<String> buttonData() {
            List<String> data = new ArrayList<>();
            if (replyMarkup != null) {
                for (JsonNode row : replyMarkup.path("inline_keyboard")) {
                    for (JsonNode b : row) {
                        data.add(b.path("callback_data").asText());
                    }
                }
            }
            return data;
        }

        /** The callback data of the first button whose label contains {@code label}. */
        public String button(String label) {
            if (replyMarkup != null) {
                for (JsonNode row : replyMarkup.path("inline_keyboard")) {
                    for (JsonNode b : row) {
                        if (b.path("text").asText().contains(label)) {
                            return b.path("callback_data").asText();
                        }
                    }
                }
            }
            throw new AssertionError("No button '" + label + "' on: " + text + " " + replyMarkup);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final FakeBotChats chats = new FakeBotChats();
    private final FakeBotFaults faults = new FakeBotFaults();

    private FakeBotApi(String token) {
        try {
            server =
                    HttpServer.create(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        executor =
                Executors.newFixedThreadPool(
                        8,
                        r -> {
                            Thread t = new Thread(r, "fake-bot-api");
                            t.setDaemon(true);
                            return t;
                        });
        server.setExecutor(executor);
        server.createContext("/", new FakeBotHttp(token, chats, faults));
        server.start();
    }

    public static FakeBotApi start(String token) {
        return new FakeBotApi(token);
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    // ---- the user's side -------------------------------------------------------------------

    /**
     * The user types a text message into their private chat (chat id = user id); returns its
     * message id.
     */
    public long sendText(long userId, String text) {
        return sendText(userId, userId, text);
    }

    /** A message in any chat (a negative chat id is a group); returns its message id. */
    public long sendText(long userId, long chatId, String text) {
        return chats.sendText(userId, chatId, text);
    }

    /** The user taps an inline button with this data on one of the bot's messages. */
    public String press(long userId, long chatId, long messageId, String data) {
        return chats.press(userId, chatId, messageId, data);
    }

    /** The user taps the button labelled {@code label} on a message. */
    public String press(long userId, Message message, String label) {
        return press(userId, message.chatId(), message.messageId(), message.button(label));
    }

    // ---- what the bot did ------------------------------------------------------------------

    /** The chat's messages from the bot, oldest first, as they look now. */
    public List<Message> messages(long chatId) {
        return chats.messages(chatId);
    }

    public Optional<Message> message(long chatId, long messageId) {
        return chats.message(chatId, messageId);
    }

    /** Waits for a bot message in the chat (sent or edited to) matching the predicate. */
    public Message awaitMessage(long chatId, Predicate<Message> match, Duration timeout) {
        Message[] found = new Message[1];
        Awaitility.await()
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> {
                            List<Message> list = messages(chatId);
                            for (int i = list.size() - 1; i >= 0; i--) {
                                if (match.test(list.get(i))) {
                                    found[0] = list.get(i);
                                    return true;
                                }
                            }
                            return false;
                        });
        return found[0];
    }

    /** Waits for a message whose text contains {@code text}. */
    public Message awaitText(long chatId, String text, Duration timeout) {
        return awaitMessage(chatId, m -> m.text() != null && m.text().contains(text), timeout);
    }

    public List<Request> requests() {
        return chats.requests();
    }

    public List<Request> requests(String method) {
        String m = method.toLowerCase(Locale.ROOT);
        return requests().stream().filter(r -> r.method().equals(m)).toList();
    }

    /** The ids of the messages the bot deleted in the chat ({@code deleteMessage}), in order. */
    public List<Long> deleted(long chatId) {
        return chats.deleted(chatId);
    }

    /** Until called with false, every deleteMessage is refused ("message can't be deleted"). */
    public void refuseDeletions(boolean refuse) {
        chats.refuseDeletions(refuse);
    }

    public List<String> callbackAnswers() {
        return chats.callbackAnswers();
    }

    public List<String> commands() {
        return chats.commands();
    }

    /** Whether every update queued so far has been fetched and confirmed by the bot. */
    public boolean updatesConsumed() {
        return chats.updatesConsumed();
    }

    // ---- failure injection -----------------------------------------------------------------

    /**
     * The next {@code count} requests of {@code method} (any method but getUpdates when null) fail.
     */
    public void failNext(String method, int count, int status, int retryAfter) {
        faults.failNext(method, count, status, retryAfter);
    }

    /**
     * Until {@link #calm()}, answers this fraction of the requests of {@code method} ("*" for all
     * but getUpdates) with 429 and {@code retry_after}.
     */
    public void storm(String method, double fraction, int retryAfter) {
        faults.storm(method, fraction, retryAfter);
    }

    public void calm() {
        faults.calm();
    }

    /**
     * Every sendMessage is recorded (the chat has it) at once but answered only after {@code
     * delay}: the window in which the client does not know yet that Telegram accepted it.
     */
    public void answerLate(Duration delay) {
        faults.answerLate(delay);
    }

    @Override
    public void close() {
        chats.wake();
        server.stop(0);
        executor.shutdownNow();
    }
}
