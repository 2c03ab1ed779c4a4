package dev.polystream.gateway.testutils;

import static dev.polystream.gateway.testutils.FakeBotChats.JSON;
import static dev.polystream.gateway.testutils.FakeBotChats.error;
import static dev.polystream.gateway.testutils.FakeBotChats.ok;
import static dev.polystream.gateway.testutils.FakeBotChats.parseLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.MultipartReader;
import okio.Buffer;

/**
 * The fake Bot API's HTTP side: {@code /bot<token>/<method>} (method names case-insensitive),
 * parameters from the query, a JSON, form or multipart body (multipart read with okhttp's {@link
 * MultipartReader}), an injected failure when one is due, else the method's answer from the chat
 * model.
 */
final class FakeBotHttp implements HttpHandler {

    private final String token;
    private final FakeBotChats chats;
    private final FakeBotFaults faults;

    FakeBotHttp(String token, FakeBotChats chats, FakeBotFaults faults) {
        this.token = token;
        this.chats = chats;
        this.faults = faults;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
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
            FakeBotFaults.Injection injected = faults.injection(method);
            if (injected != null) {
                chats.record(method, chatId, at, injected.status(), params);
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
                        case "getupdates" -> chats.getUpdates(params);
                        case "getme" -> ok(FakeBotChats.me());
                        case "deletewebhook", "setmycommands" -> {
                            if (method.equals("setmycommands")) {
                                List<String> names = new ArrayList<>();
                                for (JsonNode c :
                                        JSON.readTree(params.getOrDefault("commands", "[]"))) {
                                    names.add(c.path("command").asText());
                                }
                                chats.setCommands(names);
                            }
                            yield ok(JSON.getNodeFactory().booleanNode(true));
                        }
                        case "answercallbackquery" -> {
                            chats.answerCallback(params.getOrDefault("text", ""));
                            yield ok(JSON.getNodeFactory().booleanNode(true));
                        }
                        case "sendmessage" -> chats.sendMessage(chatId, params, null);
                        case "sendphoto" -> chats.sendMessage(chatId, params, photo[0]);
                        case "editmessagetext" -> chats.edit(chatId, params);
                        case "deletemessage" -> chats.deleteMessage(chatId, params);
                        default -> null;
                    };
            if (body == null) {
                chats.record(method, chatId, at, 404, params);
                respond(exchange, 404, error(404, "Not Found: method not found"));
                return;
            }
            int status = body.startsWith("{\"ok\":false") ? 400 : 200;
            if (!method.equals("getupdates")) {
                chats.record(method, chatId, at, status, params);
            }
            if (method.equals("sendmessage") && !faults.answerDelay().isZero()) {
                sleep(faults.answerDelay());
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
            parseMultipart(body, type, params, file);
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

    /**
     * The parts of a multipart body: a file part goes to {@code file[0]}, the others are params.
     */
    private static void parseMultipart(
            byte[] body, String type, Map<String, String> params, byte[][] file)
            throws IOException {
        String boundary = MediaType.get(type).parameter("boundary");
        try (MultipartReader reader = new MultipartReader(new Buffer().write(body), boundary)) {
            MultipartReader.Part next;
            while ((next = reader.nextPart()) != null) {
                try (MultipartReader.Part part = next) {
                    String disposition = part.headers().get("Content-Disposition");
                    String name =
                            disposition == null ? null : between(disposition, "name=\"", "\"");
                    byte[] content = part.body().readByteArray();
                    if (disposition != null && disposition.contains("filename=")) {
                        file[0] = content;
                        params.put(name, "<file>");
                    } else if (name != null) {
                        params.put(name, new String(content, StandardCharsets.UTF_8));
                    }
                }
            }
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
}
