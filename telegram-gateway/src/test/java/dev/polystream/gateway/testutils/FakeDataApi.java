package dev.polystream.gateway.testutils;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake of Polymarket's Data API v2 (protocol §15) on 127.0.0.1, speaking real HTTP, for the
 * gateway's tests and (through the test-jar) the launcher's and the benchmarks'.
 *
 * <p>Routes: {@code GET /v2/positions} and {@code GET /v2/user-stats}, with the live rules: the
 * {@code {"data", "pagination"}} envelope, {@code offset} refused (400), {@code user} required and
 * re-sent with every {@code cursor}, {@code limit} 1–1000 (default 100), the 0.1-share dust floor
 * unless {@code filter_amount} says otherwise, sorting (default {@code CURRENT_VALUE} DESC, then
 * token id), opaque signed cursors bound to their user, {@code data: null} for unknown users, 400
 * {@code invalid_request} for protocol contract addresses, {@code Cache-Control: max-age=5}. Every
 * body carries unknown fields (top level and per row) so clients prove they ignore them. What it
 * does not do: the CDN's caching (answers are always fresh), {@code title}/{@code event_id}
 * filters, other routes (404).
 *
 * <p>Faults are scripted one-shot or for the next N requests, optionally for one route only; a
 * journal records every request. Rows come from {@link DataApiRows}.
 */
public final class FakeDataApi implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String POSITIONS = "/v2/positions";
    static final String USER_STATS = "/v2/user-stats";

    /** The CTF Exchange contract: the API refuses it as a user. */
    public static final String CTF_EXCHANGE = "0x4bfb41d5b3570defd03c39a9a4d8de6bd8b8982e";

    /** The Conditional Tokens contract: the API refuses it as a user. */
    public static final String CONDITIONAL_TOKENS = "0x4d97dcd97ec945f40cf65f87097ace5ea0476045";

    /**
     * One request as received.
     *
     * @param query decoded query parameters, repeated keys kept in order
     * @param status the status answered (recorded when the answer was written)
     */
    public record Request(
            String method,
            String path,
            Map<String, List<String>> query,
            Instant receivedAt,
            int status) {

        /** The first value of a query parameter, null when absent. */
        public String param(String name) {
            List<String> values = query.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public boolean has(String name) {
            return query.containsKey(name);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Map<String, ObjectNode>> holdings = new LinkedHashMap<>();
    private final Set<String> knownUsers = new HashSet<>();
    private final Set<String> protocolAddresses = new HashSet<>();
    private final FakeDataApiFaults faults = new FakeDataApiFaults();
    private final List<Request> journal = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile int maxPageSize = 1000;
    private volatile Duration responseDelay = Duration.ZERO;
    private volatile boolean stuckCursor;

    private FakeDataApi(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        protocolAddresses.add(CTF_EXCHANGE);
        protocolAddresses.add(CONDITIONAL_TOKENS);
    }

    public static FakeDataApi start() {
        try {
            HttpServer server =
                    HttpServer.create(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            ExecutorService executor =
                    Executors.newFixedThreadPool(
                            32,
                            r -> {
                                Thread t = new Thread(r, "fake-data-api");
                                t.setDaemon(true);
                                return t;
                            });
            FakeDataApi fake = new FakeDataApi(server, executor);
            server.createContext("/", fake::handle);
            server.setExecutor(executor);
            server.start();
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- rows (see DataApiRows) ----

    /** See {@link DataApiRows#row}. */
    public static ObjectNode row(
            String wallet,
            String tokenId,
            String conditionId,
            String size,
            String avgPrice,
            String entryCost,
            String currentPrice,
            String outcome,
            int outcomeIndex,
            String title) {
        return DataApiRows.row(
                wallet,
                tokenId,
                conditionId,
                size,
                avgPrice,
                entryCost,
                currentPrice,
                outcome,
                outcomeIndex,
                title);
    }

    /** See {@link DataApiRows#comboRow}. */
    public static ObjectNode comboRow(String wallet, String tokenId, String size) {
        return DataApiRows.comboRow(wallet, tokenId, size);
    }

    /** See {@link DataApiRows#unlabelableRow}. */
    public static ObjectNode unlabelableRow(
            String wallet, String tokenId, String conditionId, String size, String price) {
        return DataApiRows.unlabelableRow(wallet, tokenId, conditionId, size, price);
    }

    /** See {@link DataApiRows#fixtureRows}. */
    public static List<ObjectNode> fixtureRows(String resource) {
        return DataApiRows.fixtureRows(resource);
    }

    // ---- state, scriptable between polls ----

    /** Replaces everything {@code wallet} holds (rows keyed by {@code token_id}, copied). */
    public synchronized void setHoldings(String wallet, List<ObjectNode> rows) {
        Map<String, ObjectNode> byToken = new LinkedHashMap<>();
        for (ObjectNode row : rows) {
            byToken.put(row.path("token_id").asText(), row.deepCopy());
        }
        holdings.put(lower(wallet), byToken);
    }

    /** Adds a row, or replaces the wallet's row of the same {@code token_id}. */
    public synchronized void putHolding(String wallet, ObjectNode row) {
        holdings.computeIfAbsent(lower(wallet), w -> new LinkedHashMap<>())
                .put(row.path("token_id").asText(), row.deepCopy());
    }

    public synchronized void removeHolding(String wallet, String tokenId) {
        Map<String, ObjectNode> rows = holdings.get(lower(wallet));
        if (rows != null) {
            rows.remove(tokenId);
        }
    }

    /** A user the API knows without holdings: user-stats answers a row of zeros. */
    public synchronized void knownUser(String wallet) {
        knownUsers.add(lower(wallet));
    }

    /** An address the API refuses with 400 (two real contracts are registered already). */
    public synchronized void protocolAddress(String address) {
        protocolAddresses.add(lower(address));
    }

    /** The server's own page cap, below the {@code limit} asked for (default 1000). */
    public void setMaxPageSize(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("A page holds at least one row");
        }
        maxPageSize = rows;
    }

    /** Every answer waits this long first (to hold requests in flight). */
    public void setResponseDelay(Duration delay) {
        responseDelay = delay;
    }

    /**
     * A broken server: a page asked for with a cursor answers that same cursor as {@code
     * next_cursor} (while more rows remain), so a client that does not detect it loops.
     */
    public void setStuckCursor(boolean stuck) {
        stuckCursor = stuck;
    }

    // ---- faults: for the next n requests (of one route, or any) ----

    /** Drops every scripted fault not yet used: the next requests are answered normally. */
    public void clearFaults() {
        faults.clear();
    }

    /**
     * The next {@code n} requests are answered normally: faults scripted after this one then hit
     * the requests after them (e.g. {@code passNext(1); truncateNext(1)} cuts the second page).
     */
    public void passNext(int n) {
        passNext(null, n);
    }

    public void passNext(String route, int n) {
        faults.add(route, n, FakeDataApiFaults.Type.PASS, 0, null, null);
    }

    /** Answers {@code status} with the §15 error body and, when given, {@code Retry-After}. */
    public void failNext(int n, int status, Integer retryAfterSeconds) {
        failNext(null, n, status, retryAfterSeconds);
    }

    public void failNext(String route, int n, int status, Integer retryAfterSeconds) {
        faults.add(route, n, FakeDataApiFaults.Type.FAIL, status, retryAfterSeconds, null);
    }

    /** A 200 whose JSON body is cut in the middle (a complete HTTP message: a broken proxy). */
    public void truncateNext(int n) {
        truncateNext(null, n);
    }

    public void truncateNext(String route, int n) {
        faults.add(route, n, FakeDataApiFaults.Type.TRUNCATE, 200, null, null);
    }

    /** A 200 that is not JSON: an HTML error page. */
    public void malformedNext(int n) {
        malformedNext(null, n);
    }

    public void malformedNext(String route, int n) {
        faults.add(route, n, FakeDataApiFaults.Type.MALFORMED, 200, null, null);
    }

    /** A 200 {@code {"data": null}}, whatever the state. */
    public void dataNullNext(int n) {
        dataNullNext(null, n);
    }

    public void dataNullNext(String route, int n) {
        faults.add(route, n, FakeDataApiFaults.Type.DATA_NULL, 200, null, null);
    }

    /** Answers normally, but only after {@code delay} (for timeouts). */
    public void hangNext(int n, Duration delay) {
        hangNext(null, n, delay);
    }

    public void hangNext(String route, int n, Duration delay) {
        faults.add(route, n, FakeDataApiFaults.Type.HANG, 0, null, delay);
    }

    // ---- journal ----

    /** Every request answered so far, by time received. */
    public List<Request> requests() {
        List<Request> sorted = new ArrayList<>(journal);
        sorted.sort(Comparator.comparing(Request::receivedAt));
        return sorted;
    }

    /** The requests to one route, by time received. */
    public List<Request> requests(String path) {
        return requests().stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Forgets the journal and the in-flight high-water mark. */
    public void clearRequests() {
        journal.clear();
        maxInFlight.set(inFlight.get());
    }

    /** The most requests received within any span of {@code window} (a sliding window). */
    public int maxRequestsInAnyWindow(Duration window) {
        List<Request> sorted = requests();
        int best = 0;
        int start = 0;
        for (int end = 0; end < sorted.size(); end++) {
            Instant t = sorted.get(end).receivedAt();
            while (!sorted.get(start).receivedAt().plus(window).isAfter(t)) {
                start++;
            }
            best = Math.max(best, end - start + 1);
        }
        return best;
    }

    /** The most requests received and not yet answered at one time. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    // ---- serving ----

    private void handle(HttpExchange exchange) throws IOException {
        Instant received = Instant.now();
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        boolean counted = true;
        boolean journaled = false;
        int status = 0;
        URI uri = exchange.getRequestURI();
        String path = uri.getRawPath();
        Map<String, List<String>> query = query(uri.getRawQuery());
        try (exchange) {
            FakeAnswer answer = answer(exchange.getRequestMethod(), path, query);
            status = answer.status();
            sleep(responseDelay.plus(answer.delay()));
            // Counted out before the answer leaves, so a client that sends its next request as
            // soon as it has this answer is never seen as one more in flight.
            inFlight.decrementAndGet();
            counted = false;
            // Journaled before the answer leaves: a client that has its answer finds its request
            // in the journal (journaling after the write raced with the test's next look).
            journal.add(new Request(exchange.getRequestMethod(), path, query, received, status));
            journaled = true;
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            exchange.getResponseHeaders().set("Cache-Control", "max-age=5");
            if (answer.retryAfter() != null) {
                exchange.getResponseHeaders().set("Retry-After", answer.retryAfter().toString());
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            // The client gave up (timeout) before the answer: nothing to do.
        } finally {
            if (counted) {
                inFlight.decrementAndGet();
            }
            if (!journaled) {
                journal.add(
                        new Request(exchange.getRequestMethod(), path, query, received, status));
            }
        }
    }

    /** What to send back: the scripted fault, else the route's answer. */
    private FakeAnswer answer(String method, String path, Map<String, List<String>> query) {
        FakeDataApiFaults.Fault fault = faults.take(path);
        FakeAnswer normal =
                fault != null && fault.type() == FakeDataApiFaults.Type.FAIL
                        ? null
                        : route(method, path, query);
        if (fault == null || fault.type() == FakeDataApiFaults.Type.PASS) {
            return normal;
        }
        return switch (fault.type()) {
            case FAIL ->
                    FakeAnswer.error(fault.status(), fault.retryAfter(), null, "injected failure");
            case TRUNCATE ->
                    FakeAnswer.json(
                            200,
                            normal.body().substring(0, Math.max(1, normal.body().length() / 2)));
            case MALFORMED ->
                    new FakeAnswer(
                            200,
                            "text/html; charset=utf-8",
                            "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1>"
                                    + "</body></html>",
                            null,
                            Duration.ZERO);
            case DATA_NULL -> FakeAnswer.json(200, "{\"data\":null}");
            case PASS, HANG ->
                    new FakeAnswer(
                            normal.status(),
                            normal.contentType(),
                            normal.body(),
                            normal.retryAfter(),
                            fault.delay());
        };
    }

    private FakeAnswer route(String method, String path, Map<String, List<String>> query) {
        if (!path.equals(POSITIONS) && !path.equals(USER_STATS)) {
            return FakeAnswer.error(404, null, null, "route not found");
        }
        if (!method.equals("GET")) {
            return FakeAnswer.error(405, null, null, "method not allowed");
        }
        if (query.containsKey("offset")) {
            return FakeAnswer.error(400, null, "offset", "offset is not supported; use cursor");
        }
        String user = first(query, "user");
        if (user == null) {
            return FakeAnswer.error(400, null, "user", "user is required");
        }
        if (!user.matches("0x[0-9a-fA-F]{40}")) {
            return FakeAnswer.error(400, null, "user", "user must be an address");
        }
        user = lower(user);
        synchronized (this) {
            if (protocolAddresses.contains(user)) {
                return FakeAnswer.error(400, null, "user", "user is a protocol contract address");
            }
            boolean known = knownUsers.contains(user) || holdings.containsKey(user);
            List<ObjectNode> rows = new ArrayList<>(holdings.getOrDefault(user, Map.of()).values());
            if (path.equals(USER_STATS)) {
                return FakeAnswer.json(200, userStats(user, known, rows));
            }
            if (!known && first(query, "cursor") == null) {
                return FakeAnswer.json(200, "{\"data\":null}");
            }
            return FakePositionsPage.answer(user, rows, query, maxPageSize, stuckCursor);
        }
    }

    private static String userStats(String user, boolean known, List<ObjectNode> rows) {
        ObjectNode root = JSON.createObjectNode();
        root.put("unknown_top_level_field", "clients must ignore this");
        if (!known) {
            root.putNull("data");
            return root.toString();
        }
        BigDecimal value = BigDecimal.ZERO;
        for (ObjectNode row : rows) {
            value = value.add(FakePositionsPage.decimal(row.get("current_value")));
        }
        ObjectNode data = root.putObject("data");
        data.put("proxy_wallet", user);
        data.put("trades", 0);
        data.put("volume", 0.0);
        data.put("realized_pnl", 0.0);
        data.put("positions", rows.size());
        data.put("positions_value", value.doubleValue());
        data.put("unknown_row_field", true);
        return root.toString();
    }

    static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    static BigInteger tokenOrder(String token) {
        return token.matches("[0-9]{1,100}") ? new BigInteger(token) : BigInteger.valueOf(-1);
    }

    private static void sleep(Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(delay.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
