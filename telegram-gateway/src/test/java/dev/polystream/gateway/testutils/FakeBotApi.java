package dev.polystream.gateway.testutils;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A fake Telegram Bot API server on 127.0.0.1 speaking real HTTP, for the gateway's tests: {@code
 * /bot<token>/<method>} with method names matched case-insensitively, JSON, form or multipart
 * bodies, and the API's JSON answers. It keeps the chats' messages as Telegram would (so edits can
 * be checked), queues updates for {@code getUpdates} long polling, and can inject 429s with {@code
 * retry_after} and 5xx answers.
 *
 * <p>Served: {@code getUpdates}, {@code sendMessage}, {@code editMessageText}, {@code
 * answerCallbackQuery}, {@code sendPhoto} (multipart), {@code setMyCommands}, {@code
 * deleteWebhook}, {@code getMe}.
 */
public final class FakeBotApi implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
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

    /** A failure to answer with, for the next matching requests. */
    private record Injection(String method, int status, int retryAfter) {}

    private final HttpServer server;
    private final ExecutorService executor;
    private final String token;
    private final Object lock = new Object();
    private final ArrayDeque<ObjectNode> updates = new ArrayDeque<>();
    private final Map<Long, Map<Long, Message>> chats = new HashMap<>();
    private final Map<Long, AtomicInteger> messageIds = new HashMap<>();
    private final List<Request> requests = new ArrayList<>();
    private final List<String> callbackAnswers = new ArrayList<>();
    private final ArrayDeque<Injection> injections = new ArrayDeque<>();
    private volatile List<String> commands = List.of();
    private int nextUpdateId = 1;
    private int nextCallbackId = 1;
    private volatile String storm; // method name (lower case) or "*"
    private volatile int stormRetryAfter;
    private volatile double stormFraction;
    private volatile Duration answerDelay = Duration.ZERO;
    private final java.util.Random random = new java.util.Random(42);

    private FakeBotApi(String token) {
        this.token = token;
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
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeBotApi start(String token) {
        return new FakeBotApi(token);
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    // ---- the user's side -------------------------------------------------------------------

    /** The user types a text message into their private chat (chat id = user id). */
    public void sendText(long userId, String text) {
        sendText(userId, userId, text);
    }

    public void sendText(long userId, long chatId, String text) {
        synchronized (lock) {
            ObjectNode update = JSON.createObjectNode();
            update.put("update_id", nextUpdateId++);
            ObjectNode m = update.putObject("message");
            m.put("message_id", nextMessageId(chatId));
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
        }
    }

    /** The user taps an inline button with this data on one of the bot's messages. */
    public String press(long userId, long chatId, long messageId, String data) {
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

    /** The user taps the button labelled {@code label} on a message. */
    public String press(long userId, Message message, String label) {
        return press(userId, message.chatId(), message.messageId(), message.button(label));
    }

    // ---- what the bot did ------------------------------------------------------------------

    /** The chat's messages from the bot, oldest first, as they look now. */
    public List<Message> messages(long chatId) {
        synchronized (lock) {
            return List.copyOf(chats.getOrDefault(chatId, Map.of()).values());
        }
    }

    public Optional<Message> message(long chatId, long messageId) {
        synchronized (lock) {
            return Optional.ofNullable(chats.getOrDefault(chatId, Map.of()).get(messageId));
        }
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
        synchronized (lock) {
            return List.copyOf(requests);
        }
    }

    public List<Request> requests(String method) {
        String m = method.toLowerCase(Locale.ROOT);
        return requests().stream().filter(r -> r.method().equals(m)).toList();
    }

    public List<String> callbackAnswers() {
        synchronized (lock) {
            return List.copyOf(callbackAnswers);
        }
    }

    public List<String> commands() {
        return commands;
    }

    /** Whether every update queued so far has been fetched and confirmed by the bot. */
    public boolean updatesConsumed() {
        synchronized (lock) {
            return updates.isEmpty();
        }
    }

    // ---- failure injection -----------------------------------------------------------------

    /**
     * The next {@code count} requests of {@code method} (any method but getUpdates when null) fail.
     */
    public void failNext(String method, int count, int status, int retryAfter) {
        synchronized (lock) {
            for (int i = 0; i < count; i++) {
                injections.add(
                        new Injection(
                                method == null ? null : method.toLowerCase(Locale.ROOT),
                                status,
                                retryAfter));
            }
        }
    }

    /**
     * Until {@link #calm()}, answers this fraction of the requests of {@code method} ("*" for all
     * but getUpdates) with 429 and {@code retry_after}.
     */
    public void storm(String method, double fraction, int retryAfter) {
        stormRetryAfter = retryAfter;
        stormFraction = fraction;
        storm = method.toLowerCase(Locale.ROOT);
    }

    public void calm() {
        storm = null;
    }

    /**
     * Every sendMessage is recorded (the chat has it) at once but answered only after {@code
     * delay}: the window in which the client does not know yet that Telegram accepted it.
     */
    public void answerLate(Duration delay) {
        answerDelay = delay;
    }

    @Override
    public void close() {
        synchronized (lock) {
            lock.notifyAll();
        }
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- the server ------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String[] parts = path.split("/");
            if (parts.length != 3 || !parts[1].startsWith("bot")) {
                respond(exchange, 404, error(404, "Not Found"));
                return;
            }
            if (!parts[1].substring(3).equals(token)) {
                respond(exchange, 401, error(401, "Unauthorized"));
                return;
            }
            String method = parts[2].toLowerCase(Locale.ROOT);
            Map<String, String> params = new LinkedHashMap<>();
            byte[][] photo = new byte[1][];
            readParams(exchange, params, photo);
            Long chatId = params.containsKey("chat_id") ? parseLong(params.get("chat_id")) : null;
            long at = System.nanoTime();
            Injection injected = injection(method);
            if (injected != null) {
                record(method, chatId, at, injected.status(), params);
                if (injected.status() == 429) {
                    respond(
                            exchange,
                            429,
                            "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests:"
                                    + " retry after "
                                    + injected.retryAfter()
                                    + "\",\"parameters\":{\"retry_after\":"
                                    + injected.retryAfter()
                                    + "}}");
                } else if (injected.status() == 502) {
                    respondRaw(
                            exchange,
                            502,
                            "<html><body>502 Bad Gateway</body></html>",
                            "text/html");
                } else {
                    respond(
                            exchange,
                            injected.status(),
                            error(injected.status(), "Internal Server Error"));
                }
                return;
            }
            String body =
                    switch (method) {
                        case "getupdates" -> getUpdates(params);
                        case "getme" -> ok(me());
                        case "deletewebhook", "setmycommands" -> {
                            if (method.equals("setmycommands")) {
                                List<String> names = new ArrayList<>();
                                for (JsonNode c :
                                        JSON.readTree(params.getOrDefault("commands", "[]"))) {
                                    names.add(c.path("command").asText());
                                }
                                commands = List.copyOf(names);
                            }
                            yield ok(JSON.getNodeFactory().booleanNode(true));
                        }
                        case "answercallbackquery" -> {
                            synchronized (lock) {
                                callbackAnswers.add(params.getOrDefault("text", ""));
                            }
                            yield ok(JSON.getNodeFactory().booleanNode(true));
                        }
                        case "sendmessage" -> sendMessage(chatId, params, null);
                        case "sendphoto" -> sendMessage(chatId, params, photo[0]);
                        case "editmessagetext" -> edit(chatId, params);
                        default -> null;
                    };
            if (body == null) {
                record(method, chatId, at, 404, params);
                respond(exchange, 404, error(404, "Not Found: method not found"));
                return;
            }
            int status = body.startsWith("{\"ok\":false") ? 400 : 200;
            if (!method.equals("getupdates")) {
                record(method, chatId, at, status, params);
            }
            if (method.equals("sendmessage") && !answerDelay.isZero()) {
                sleep(answerDelay);
            }
            respond(exchange, status, body);
        } catch (RuntimeException e) {
            respond(exchange, 500, error(500, "fake failed: " + e));
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Injection injection(String method) {
        if (method.equals("getupdates") || method.equals("deletewebhook")) {
            synchronized (lock) {
                Injection first = injections.peek();
                if (first != null && method.equals(first.method())) {
                    return injections.poll();
                }
            }
            return null;
        }
        synchronized (lock) {
            for (var it = injections.iterator(); it.hasNext(); ) {
                Injection i = it.next();
                if (i.method() == null || i.method().equals(method)) {
                    it.remove();
                    return i;
                }
            }
        }
        String s = storm;
        if (s != null && (s.equals("*") || s.equals(method))) {
            synchronized (random) {
                if (random.nextDouble() < stormFraction) {
                    return new Injection(method, 429, stormRetryAfter);
                }
            }
        }
        return null;
    }

    private String getUpdates(Map<String, String> params) throws IOException {
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

    private String sendMessage(Long chatId, Map<String, String> params, byte[] photo)
            throws IOException {
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

    private String edit(Long chatId, Map<String, String> params) throws IOException {
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

    private void record(
            String method, Long chatId, long at, int status, Map<String, String> params) {
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

    private static ObjectNode me() {
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

    private static String ok(JsonNode result) {
        ObjectNode node = JSON.createObjectNode();
        node.put("ok", true);
        node.set("result", result);
        return node.toString();
    }

    private static String error(int code, String description) {
        ObjectNode node = JSON.createObjectNode();
        node.put("ok", false);
        node.put("error_code", code);
        node.put("description", description);
        return node.toString();
    }

    private static long parseLong(String text) {
        return Long.parseLong(text.strip().replace("\"", ""));
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        respondRaw(exchange, status, body, "application/json");
    }

    private static void respondRaw(HttpExchange exchange, int status, String body, String type)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Reads query, JSON, form or multipart parameters; a file part goes to {@code file[0]}. */
    private static void readParams(HttpExchange exchange, Map<String, String> params, byte[][] file)
            throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null) {
            parseForm(query, params);
        }
        byte[] body = exchange.getRequestBody().readAllBytes();
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || body.length == 0) {
            return;
        }
        String lower = type.toLowerCase(Locale.ROOT);
        if (lower.startsWith("application/json")) {
            JsonNode node = JSON.readTree(body);
            node.fields()
                    .forEachRemaining(
                            e ->
                                    params.put(
                                            e.getKey(),
                                            e.getValue().isValueNode()
                                                    ? e.getValue().asText()
                                                    : e.getValue().toString()));
        } else if (lower.startsWith("application/x-www-form-urlencoded")) {
            parseForm(new String(body, StandardCharsets.UTF_8), params);
        } else if (lower.startsWith("multipart/form-data")) {
            int b = type.indexOf("boundary=");
            String boundary = type.substring(b + "boundary=".length()).replace("\"", "").strip();
            parseMultipart(body, boundary, params, file);
        }
    }

    private static void parseForm(String form, Map<String, String> params) {
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
    }

    private static void parseMultipart(
            byte[] body, String boundary, Map<String, String> params, byte[][] file) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int pos = indexOf(body, delimiter, 0);
        while (pos >= 0) {
            int start = pos + delimiter.length;
            if (start + 2 <= body.length && body[start] == '-' && body[start + 1] == '-') {
                break;
            }
            start += 2; // CRLF
            int next = indexOf(body, delimiter, start);
            if (next < 0) {
                break;
            }
            int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
            String headers = new String(body, start, headerEnd - start, StandardCharsets.UTF_8);
            byte[] content = Arrays.copyOfRange(body, headerEnd + 4, next - 2);
            String name = between(headers, "name=\"", "\"");
            if (headers.contains("filename=")) {
                file[0] = content;
                params.put(name, "<file>");
            } else if (name != null) {
                params.put(name, new String(content, StandardCharsets.UTF_8));
            }
            pos = next;
        }
    }

    private static String between(String text, String from, String to) {
        int a = text.indexOf(from);
        if (a < 0) {
            return null;
        }
        int b = text.indexOf(to, a + from.length());
        return b < 0 ? null : text.substring(a + from.length(), b);
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
