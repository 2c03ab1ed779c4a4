package dev.polystream.gateway.testutils;

import static dev.polystream.gateway.testutils.FakeBotApi.BOT_ID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystream.gateway.testutils.FakeBotApi.Message;
import dev.polystream.gateway.testutils.FakeBotApi.Request;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fake Bot API's model of Telegram: the chats' messages as Telegram holds them (after edits),
 * the updates waiting for {@code getUpdates}, the requests received, the callback answers and the
 * command menu; the methods' answers as JSON. Thread-safe: one lock, which long polling waits on.
 */
final class FakeBotChats {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Object lock = new Object();
    private final ArrayDeque<ObjectNode> updates = new ArrayDeque<>();
    private final Map<Long, Map<Long, Message>> chats = new HashMap<>();
    private final Map<Long, AtomicInteger> messageIds = new HashMap<>();
    private final List<Request> requests = new ArrayList<>();
    private final List<String> callbackAnswers = new ArrayList<>();
    private final Map<Long, List<Long>> deleted = new HashMap<>();
    private volatile boolean refuseDeletions;
    private volatile List<String> commands = List.of();
    private int nextUpdateId = 1;
    private int nextCallbackId = 1;

    // ---- the user's side -------------------------------------------------------------------

    /** The user types a text message into their private chat (chat id = user id). */
    long sendText(long userId, String text) {
        return sendText(userId, userId, text);
    }

    long sendText(long userId, long chatId, String text) {
        synchronized (lock) {
            ObjectNode update = JSON.createObjectNode();
            update.put("update_id", nextUpdateId++);
            ObjectNode m = update.putObject("message");
            long messageId = nextMessageId(chatId);
            m.put("message_id", messageId);
            m.set("from", user(userId));
            m.set("chat", chat(chatId));
            m.put("date", nowSeconds());
            m.put("text", text);
            if (text.startsWith("/")) {
                int end = text.indexOf(' ');
                m.putArray("entities")
                        .addObject()
                        .put("type", "bot_command")
                        .put("offset", 0)
                        .put("length", end < 0 ? text.length() : end);
            }
            updates.add(update);
            lock.notifyAll();
            return messageId;
        }
    }

    /** The user taps an inline button with this data on one of the bot's messages. */
    String press(long userId, long chatId, long messageId, String data) {
        synchronized (lock) {
            String id = "cb" + nextCallbackId++;
            ObjectNode update = JSON.createObjectNode();
            update.put("update_id", nextUpdateId++);
            ObjectNode q = update.putObject("callback_query");
            q.put("id", id);
            q.set("from", user(userId));
            ObjectNode m = q.putObject("message");
            m.put("message_id", messageId);
            ObjectNode bot = m.putObject("from");
            bot.put("id", BOT_ID).put("is_bot", true).put("first_name", "polystream");
            m.set("chat", chat(chatId));
            m.put("date", nowSeconds());
            Message shown = chats.getOrDefault(chatId, Map.of()).get(messageId);
            m.put("text", shown == null ? "" : shown.text());
            q.put("chat_instance", "ci" + chatId);
            q.put("data", data);
            updates.add(update);
            lock.notifyAll();
            return id;
        }
    }

    // ---- what the bot did ------------------------------------------------------------------

    /** The chat's messages from the bot, oldest first, as they look now. */
    List<Message> messages(long chatId) {
        synchronized (lock) {
            return List.copyOf(chats.getOrDefault(chatId, Map.of()).values());
        }
    }

    Optional<Message> message(long chatId, long messageId) {
        synchronized (lock) {
            return Optional.ofNullable(chats.getOrDefault(chatId, Map.of()).get(messageId));
        }
    }

    List<Request> requests() {
        synchronized (lock) {
            return List.copyOf(requests);
        }
    }

    List<String> callbackAnswers() {
        synchronized (lock) {
            return List.copyOf(callbackAnswers);
        }
    }

    List<String> commands() {
        return commands;
    }

    /** Whether every update queued so far has been fetched and confirmed by the bot. */
    boolean updatesConsumed() {
        synchronized (lock) {
            return updates.isEmpty();
        }
    }

    /** The ids of the messages the bot deleted in the chat, in order. */
    List<Long> deleted(long chatId) {
        synchronized (lock) {
            return List.copyOf(deleted.getOrDefault(chatId, List.of()));
        }
    }

    void refuseDeletions(boolean refuse) {
        refuseDeletions = refuse;
    }

    String deleteMessage(Long chatId, Map<String, String> params) {
        if (chatId == null || !params.containsKey("message_id")) {
            return error(400, "Bad Request: chat_id and message_id are required");
        }
        if (refuseDeletions) {
            return error(400, "Bad Request: message can't be deleted");
        }
        long messageId = parseLong(params.get("message_id"));
        synchronized (lock) {
            deleted.computeIfAbsent(chatId, c -> new ArrayList<>()).add(messageId);
            Map<Long, Message> chat = chats.get(chatId);
            if (chat != null) {
                chat.remove(messageId);
            }
        }
        return ok(JSON.getNodeFactory().booleanNode(true));
    }

    void setCommands(List<String> names) {
        commands = List.copyOf(names);
    }

    void answerCallback(String text) {
        synchronized (lock) {
            callbackAnswers.add(text);
        }
    }

    /** Wakes long polling (the fake is closing). */
    void wake() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    // ---- the methods -----------------------------------------------------------------------

    String getUpdates(Map<String, String> params) throws IOException {
        long offset = params.containsKey("offset") ? parseLong(params.get("offset")) : 0;
        int timeout = params.containsKey("timeout") ? Integer.parseInt(params.get("timeout")) : 0;
        int limit = params.containsKey("limit") ? Integer.parseInt(params.get("limit")) : 100;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.min(timeout, 50));
        synchronized (lock) {
            while (true) {
                while (!updates.isEmpty() && updates.peek().get("update_id").asLong() < offset) {
                    updates.poll();
                }
                if (!updates.isEmpty()) {
                    break;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    lock.wait(Math.max(1, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(left))));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            ArrayNode result = JSON.createArrayNode();
            for (ObjectNode u : updates) {
                if (result.size() >= limit) {
                    break;
                }
                result.add(u);
            }
            return ok(result);
        }
    }

    String sendMessage(Long chatId, Map<String, String> params, byte[] photo) throws IOException {
        if (chatId == null) {
            return error(400, "Bad Request: chat_id is empty");
        }
        String text = photo == null ? params.get("text") : params.getOrDefault("caption", "");
        if (photo == null && (text == null || text.isEmpty())) {
            return error(400, "Bad Request: message text is empty");
        }
        if (text != null && text.length() > 4096) {
            return error(400, "Bad Request: message is too long");
        }
        JsonNode markup =
                params.containsKey("reply_markup")
                        ? JSON.readTree(params.get("reply_markup"))
                        : null;
        Message m;
        synchronized (lock) {
            long id = nextMessageId(chatId);
            m = new Message(chatId, id, text, params.get("parse_mode"), markup, 0, photo);
            chats.computeIfAbsent(chatId, c -> new LinkedHashMap<>()).put(id, m);
        }
        return ok(messageJson(m));
    }

    String edit(Long chatId, Map<String, String> params) throws IOException {
        if (chatId == null || !params.containsKey("message_id")) {
            return error(400, "Bad Request: chat_id and message_id are required");
        }
        long messageId = parseLong(params.get("message_id"));
        String text = params.get("text");
        if (text != null && text.length() > 4096) {
            return error(400, "Bad Request: MESSAGE_TOO_LONG");
        }
        JsonNode markup =
                params.containsKey("reply_markup")
                        ? JSON.readTree(params.get("reply_markup"))
                        : null;
        Message edited;
        synchronized (lock) {
            Map<Long, Message> chat = chats.get(chatId);
            Message old = chat == null ? null : chat.get(messageId);
            if (old == null) {
                return error(400, "Bad Request: message to edit not found");
            }
            if (java.util.Objects.equals(old.text(), text)
                    && java.util.Objects.equals(old.replyMarkup(), markup)) {
                return error(
                        400,
                        "Bad Request: message is not modified: specified new message content and"
                                + " reply markup are exactly the same as a current content and"
                                + " reply markup of the message");
            }
            edited =
                    new Message(
                            chatId,
                            messageId,
                            text,
                            params.get("parse_mode"),
                            markup,
                            old.edits() + 1,
                            null);
            chat.put(messageId, edited);
        }
        return ok(messageJson(edited));
    }

    void record(String method, Long chatId, long at, int status, Map<String, String> params) {
        synchronized (lock) {
            requests.add(new Request(method, chatId, at, status, Map.copyOf(params)));
        }
    }

    private long nextMessageId(long chatId) {
        return messageIds.computeIfAbsent(chatId, c -> new AtomicInteger(1000)).incrementAndGet();
    }

    private static ObjectNode messageJson(Message m) {
        ObjectNode node = JSON.createObjectNode();
        node.put("message_id", m.messageId());
        ObjectNode from = node.putObject("from");
        from.put("id", BOT_ID).put("is_bot", true).put("first_name", "polystream");
        node.set("chat", chat(m.chatId()));
        node.put("date", nowSeconds());
        if (m.photo() != null) {
            node.putArray("photo")
                    .addObject()
                    .put("file_id", "photo" + m.messageId())
                    .put("file_unique_id", "u" + m.messageId())
                    .put("width", 800)
                    .put("height", 400);
            node.put("caption", m.text());
        } else {
            node.put("text", m.text());
        }
        if (m.replyMarkup() != null) {
            node.set("reply_markup", m.replyMarkup());
        }
        return node;
    }

    static ObjectNode me() {
        ObjectNode me = JSON.createObjectNode();
        me.put("id", BOT_ID);
        me.put("is_bot", true);
        me.put("first_name", "polystream");
        me.put("username", "polystream_test_bot");
        return me;
    }

    private static ObjectNode user(long userId) {
        ObjectNode u = JSON.createObjectNode();
        u.put("id", userId);
        u.put("is_bot", false);
        u.put("first_name", "User" + userId);
        u.put("username", "user" + userId);
        return u;
    }

    private static ObjectNode chat(long chatId) {
        ObjectNode c = JSON.createObjectNode();
        c.put("id", chatId);
        c.put("type", chatId > 0 ? "private" : "group");
        return c;
    }

    private static long nowSeconds() {
        // Never 0: telegrambots reads "date":0 as an inaccessible message.
        return System.currentTimeMillis() / 1000;
    }

    static String ok(JsonNode result) {
        ObjectNode node = JSON.createObjectNode();
        node.put("ok", true);
        node.set("result", result);
        return node.toString();
    }

    static String error(int code, String description) {
        ObjectNode node = JSON.createObjectNode();
        node.put("ok", false);
        node.put("error_code", code);
        node.put("description", description);
        return node.toString();
    }

    static long parseLong(String text) {
        return Long.parseLong(text.strip().replace("\"", ""));
    }
}
