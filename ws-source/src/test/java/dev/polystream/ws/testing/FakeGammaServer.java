package dev.polystream.ws.testing;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake of Polymarket's Gamma REST API (§5) on 127.0.0.1, speaking real HTTP: {@code
 * /markets/keyset} (wrapper + {@code next_cursor}, active and open markets only, like the live
 * route), {@code /markets/{id}}, {@code /markets/slug/{slug}}, {@code /events/slug/{slug}}, a
 * minimal {@code /public-search?q=} and {@code /public-profile?address=} (§14: 400 for anything but
 * {@code 0x} + 40 hex, 404 for an unknown address, else every field of the live body plus one
 * unknown field). Markets are served with the string-encoded list fields of the real API.
 *
 * <pre>
 * try (FakeGammaServer gamma = FakeGammaServer.start()) {
 *     gamma.addMarket(FakeGammaServer.market("512", "Will it rain?", "will-it-rain", "0xabc…",
 *             List.of("Yes", "No"), List.of(yes, no), List.of("0.4", "0.6")));
 *     // point the client at gamma.baseUrl()
 * }
 * </pre>
 */
public final class FakeGammaServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, ObjectNode> markets = new LinkedHashMap<>();
    private final Map<String, ObjectNode> events = new LinkedHashMap<>();
    private final Map<String, ObjectNode> profiles = new LinkedHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failureStatus = 503;

    private FakeGammaServer(HttpServer server) {
        this.server = server;
    }

    public static FakeGammaServer start() {
        try {
            HttpServer server =
                    HttpServer.create(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            FakeGammaServer fake = new FakeGammaServer(server);
            server.createContext("/", fake::handle);
            server.setExecutor(Executors.newFixedThreadPool(2, FakeGammaServer::daemon));
            server.start();
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r, "fake-gamma");
        t.setDaemon(true);
        return t;
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * A market object shaped like Gamma's: string-encoded {@code outcomes}, {@code clobTokenIds}
     * and {@code outcomePrices}, active, not closed, tick 0.01.
     */
    public static ObjectNode market(
            String id,
            String question,
            String slug,
            String conditionId,
            List<String> outcomes,
            List<String> tokenIds,
            List<String> prices) {
        ObjectNode m = JSON.createObjectNode();
        m.put("id", id);
        m.put("question", question);
        m.put("conditionId", conditionId);
        m.put("slug", slug);
        m.put("endDate", "2027-01-01T04:59:00Z");
        m.put("outcomes", encodeList(outcomes));
        m.put("outcomePrices", encodeList(prices));
        m.put("clobTokenIds", encodeList(tokenIds));
        m.put("active", true);
        m.put("closed", false);
        m.put("acceptingOrders", true);
        m.put("enableOrderBook", true);
        m.put("orderPriceMinTickSize", 0.01);
        m.put("orderMinSize", 5);
        return m;
    }

    /** A market from a JSON text (e.g. a real capture under fixtures/polymarket/rest_gamma). */
    public synchronized void addMarket(String json) {
        try {
            addMarket((ObjectNode) JSON.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void addMarket(ObjectNode market) {
        markets.put(market.get("id").asText(), market.deepCopy());
    }

    /** Changes one field of a stored market (e.g. {@code "closed", true}). */
    public synchronized void setField(String marketId, String field, Object value) {
        ObjectNode m = markets.get(marketId);
        if (m == null) {
            throw new IllegalArgumentException("No market " + marketId);
        }
        m.set(field, JSON.valueToTree(value));
    }

    /** Groups stored markets under an event slug, for {@code /events/slug/{slug}}. */
    public synchronized void addEvent(String id, String slug, String title, String... marketIds) {
        ObjectNode e = JSON.createObjectNode();
        e.put("id", id);
        e.put("slug", slug);
        e.put("title", title);
        ArrayNode list = e.putArray("markets");
        for (String marketId : marketIds) {
            ObjectNode m = markets.get(marketId);
            if (m == null) {
                throw new IllegalArgumentException("No market " + marketId);
            }
            list.add(m);
            ArrayNode parents = m.putArray("events");
            parents.addObject().put("id", id).put("slug", slug).put("title", title);
        }
        events.put(slug, e);
    }

    /**
     * A public profile for {@code /public-profile?address=} (matched in any case).
     *
     * @param proxyWallet served as given but lower-cased; null serves {@code "proxyWallet": null},
     *     Gamma's way of saying the address trades for itself
     * @param name null serves {@code "name": null}
     */
    public synchronized void addProfile(String address, String proxyWallet, String name) {
        if (!isAddress(address)) {
            throw new IllegalArgumentException(
                    "The fake serves profiles of 0x + 40 hex addresses only, got " + address);
        }
        String key = address.toLowerCase(Locale.ROOT);
        ObjectNode p = JSON.createObjectNode();
        p.put("proxyWallet", proxyWallet == null ? null : proxyWallet.toLowerCase(Locale.ROOT));
        p.put("name", name);
        p.put("pseudonym", "Fake-Pseudonym-" + key.substring(2, 8));
        p.put("createdAt", "2024-05-01T12:00:00.000Z");
        p.putNull("xUsername");
        p.put("verifiedBadge", false);
        p.put("profileImage", "");
        p.put("displayUsernamePublic", true);
        p.put("bio", "");
        p.putArray("users");
        // Not in the live body: clients must ignore fields they do not know.
        p.put("someFutureField", 1);
        profiles.put(key, p);
    }

    /** The next {@code count} requests fail with {@code status} (e.g. 503). */
    public void failNext(int count, int status) {
        failureStatus = status;
        failuresLeft.set(count);
    }

    /** Every request path (with query) received, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            String path = uri.getRawPath();
            requests.add(uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery());
            if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                respond(exchange, failureStatus, "{\"error\":\"injected failure\"}");
                return;
            }
            if (!exchange.getRequestMethod().equals("GET")) {
                respond(exchange, 405, "{\"error\":\"method not allowed\"}");
                return;
            }
            Map<String, String> query = query(uri.getRawQuery());
            synchronized (this) {
                route(exchange, path, query);
            }
        }
    }

    private void route(HttpExchange exchange, String path, Map<String, String> query)
            throws IOException {
        if (path.equals("/markets/keyset")) {
            keyset(exchange, query, repeated(exchange.getRequestURI().getRawQuery()));
        } else if (path.startsWith("/markets/slug/")) {
            String slug = decode(path.substring("/markets/slug/".length()));
            ObjectNode found =
                    markets.values().stream()
                            .filter(m -> slug.equals(m.path("slug").asText()))
                            .findFirst()
                            .orElse(null);
            respondNode(exchange, found);
        } else if (path.startsWith("/markets/")) {
            respondNode(exchange, markets.get(decode(path.substring("/markets/".length()))));
        } else if (path.startsWith("/events/slug/")) {
            respondNode(exchange, events.get(decode(path.substring("/events/slug/".length()))));
        } else if (path.equals("/public-search")) {
            search(exchange, query.getOrDefault("q", ""));
        } else if (path.equals("/public-profile")) {
            profile(exchange, query.get("address"));
        } else {
            respond(exchange, 404, "{\"error\":\"not found\"}");
        }
    }

    private static boolean holdsAny(ObjectNode market, Set<String> tokens) {
        JsonNode ids = market.path("clobTokenIds");
        List<String> held = new ArrayList<>();
        try {
            JsonNode list = ids.isTextual() ? JSON.readTree(ids.asText()) : ids;
            list.forEach(id -> held.add(id.asText()));
        } catch (IOException e) {
            return false;
        }
        return held.stream().anyMatch(tokens::contains);
    }

    private void keyset(HttpExchange exchange, Map<String, String> query) throws IOException {
        keyset(exchange, query, Map.of());
    }

    private void keyset(
            HttpExchange exchange, Map<String, String> query, Map<String, List<String>> tokenIds)
            throws IOException {
        if (query.containsKey("offset")) {
            respond(exchange, 422, "{\"error\":\"offset is not supported, use after_cursor\"}");
            return;
        }
        int limit = 20;
        if (query.containsKey("limit")) {
            try {
                limit = Math.max(1, Math.min(100, Integer.parseInt(query.get("limit"))));
            } catch (NumberFormatException e) {
                respond(exchange, 422, "{\"error\":\"limit must be an integer\"}");
                return;
            }
        }
        int start = 0;
        String cursor = query.get("after_cursor");
        if (cursor != null && !cursor.isEmpty()) {
            try {
                start =
                        Integer.parseInt(
                                new String(
                                        Base64.getUrlDecoder().decode(cursor),
                                        StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                respond(exchange, 422, "{\"error\":\"invalid cursor\"}");
                return;
            }
        }
        // As live: closed=false by default (open markets only); clob_token_ids narrows the set,
        // as repeated keys or comma-separated values.
        boolean closed = Boolean.parseBoolean(query.getOrDefault("closed", "false"));
        Set<String> tokenFilter = new HashSet<>();
        for (String value : tokenIds.getOrDefault("clob_token_ids", List.of())) {
            tokenFilter.addAll(Arrays.asList(value.split(",")));
        }
        List<ObjectNode> open = new ArrayList<>();
        for (ObjectNode m : markets.values()) {
            boolean isClosed = m.path("closed").asBoolean(false);
            boolean matches = closed ? isClosed : m.path("active").asBoolean(false) && !isClosed;
            if (matches && (tokenFilter.isEmpty() || holdsAny(m, tokenFilter))) {
                open.add(m);
            }
        }
        ObjectNode page = JSON.createObjectNode();
        page.put(
                "$schema",
                "https://gamma-api.polymarket.com/schemas/MarketsKeysetListResponse.json");
        ArrayNode list = page.putArray("markets");
        int end = Math.min(open.size(), start + limit);
        for (int i = start; i < end; i++) {
            list.add(open.get(i));
        }
        if (end < open.size()) {
            page.put(
                    "next_cursor",
                    Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(
                                    Integer.toString(end).getBytes(StandardCharsets.UTF_8)));
        }
        respond(exchange, 200, page.toString());
    }

    private void search(HttpExchange exchange, String q) throws IOException {
        String needle = q.toLowerCase(Locale.ROOT).strip();
        ObjectNode result = JSON.createObjectNode();
        ArrayNode found = result.putArray("events");
        for (ObjectNode m : markets.values()) {
            if (!needle.isEmpty()
                    && m.path("question").asText().toLowerCase(Locale.ROOT).contains(needle)) {
                ObjectNode e = found.addObject();
                e.put("id", "e-" + m.get("id").asText());
                e.put("slug", m.path("slug").asText());
                e.putArray("markets").add(m);
            }
        }
        result.putObject("pagination").put("hasMore", false).put("totalResults", found.size());
        respond(exchange, 200, result.toString());
    }

    private void profile(HttpExchange exchange, String address) throws IOException {
        if (!isAddress(address)) {
            respond(exchange, 400, "{\"type\":\"validation error\",\"error\":\"invalid address\"}");
            return;
        }
        ObjectNode found = profiles.get(address.toLowerCase(Locale.ROOT));
        if (found == null) {
            respond(
                    exchange,
                    404,
                    "{\"type\":\"not found error\",\"error\":\"profile not found\"}");
        } else {
            respond(exchange, 200, found.toString());
        }
    }

    private static boolean isAddress(String text) {
        return text != null && text.matches("(?i)0x[0-9a-f]{40}");
    }

    private static void respondNode(HttpExchange exchange, JsonNode node) throws IOException {
        if (node == null) {
            respond(exchange, 404, "{\"type\":\"not found error\",\"error\":\"not found\"}");
        } else {
            respond(exchange, 200, node.toString());
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            values.putIfAbsent(key, value);
        }
        return values;
    }

    /** Every value of every key, repeated keys kept. */
    private static Map<String, List<String>> repeated(String raw) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return values;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static String encodeList(List<String> values) {
        ArrayNode array = JSON.createArrayNode();
        values.forEach(array::add);
        // Gamma's own spacing: ["Yes", "No"]
        return array.toString().replace("\",\"", "\", \"");
    }
}
