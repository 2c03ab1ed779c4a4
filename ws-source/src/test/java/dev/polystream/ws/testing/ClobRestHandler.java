package dev.polystream.ws.testing;

import static dev.polystream.ws.testing.WireFrames.error;
import static dev.polystream.ws.testing.WireFrames.plain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystream.ws.testing.FakePolymarketServer.RestRequest;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The CLOB REST API (§4) on the WebSocket's port: {@code /book}, {@code /books}, prices, midpoints,
 * spreads, last trades and tick sizes of the fake exchange's books, and {@code /prices-history}
 * (synthetic points at the book's midpoint), with the live error bodies and quirks. Every request
 * is journalled. Event loop only.
 */
final class ClobRestHandler {

    private final FakeExchange exchange;
    private final Faults faults;
    private final Journal journal;
    private final ArrayDeque<Long> historyAnswered = new ArrayDeque<>();
    private int historyPerSecond = Integer.MAX_VALUE;

    ClobRestHandler(FakeExchange exchange, Faults faults, Journal journal) {
        this.exchange = exchange;
        this.faults = faults;
        this.journal = journal;
    }

    /** Answers one request and journals it; a handler failure is a 500, never a hang. */
    void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String method = request.method().name();
        String path = uri.path();
        String body = request.content().toString(StandardCharsets.UTF_8);
        RestReply reply;
        try {
            reply = reply(method, path, uri.parameters(), body);
        } catch (RuntimeException e) {
            reply = new RestReply(500, error(String.valueOf(e)));
        }
        journal.restRequest(new RestRequest(method, path, uri.rawQuery(), body, reply.status()));
        write(ctx, request, reply);
    }

    /** Writes {@code reply} as JSON, keeping the connection open when the request asked to. */
    static void write(ChannelHandlerContext ctx, FullHttpRequest request, RestReply reply) {
        DefaultFullHttpResponse response =
                new DefaultFullHttpResponse(
                        request.protocolVersion(),
                        HttpResponseStatus.valueOf(reply.status()),
                        Unpooled.copiedBuffer(reply.body(), StandardCharsets.UTF_8));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    record RestReply(int status, String body) {}

    RestReply reply(String method, String path, Map<String, List<String>> query, String body) {
        if (!faults.restAvailable) {
            return new RestReply(503, error("service unavailable"));
        }
        String token = query.getOrDefault("token_id", List.of("")).get(0);
        switch (method + " " + path) {
            case "GET /book" -> {
                if (!token.matches("[0-9]+")) {
                    return new RestReply(400, error("Invalid token id"));
                }
                FakeBook book = exchange.bookOrNull(token);
                if (book == null) {
                    return new RestReply(
                            404, error("No orderbook exists for the requested token id"));
                }
                return new RestReply(200, WireFrames.restBook(book, exchange.now()).toString());
            }
            case "POST /books" -> {
                JsonNode items = parseJson(body);
                if (items == null || !items.isArray()) {
                    return new RestReply(400, error("Invalid payload"));
                }
                if (items.size() > 500) {
                    return new RestReply(400, error("Payload exceeds the limit"));
                }
                long ts = exchange.now();
                List<ObjectNode> found = new ArrayList<>();
                Set<String> seen = new HashSet<>();
                for (JsonNode item : items) {
                    String id = item.path("token_id").asText("");
                    FakeBook book = exchange.bookOrNull(id);
                    if (book != null && seen.add(id)) {
                        found.add(WireFrames.restBook(book, ts));
                    }
                }
                // Live, the response order is not the request order.
                ArrayNode out = WireFrames.JSON.createArrayNode();
                for (int i = found.size() - 1; i >= 0; i--) {
                    out.add(found.get(i));
                }
                return new RestReply(200, out.toString());
            }
            case "GET /price" -> {
                FakeBook book = exchange.bookOrNull(token);
                String side = query.getOrDefault("side", List.of("")).get(0);
                if (book == null || !(side.equals("BUY") || side.equals("SELL"))) {
                    return new RestReply(400, error("Invalid token id or side"));
                }
                BigDecimal price = side.equals("BUY") ? book.bestBid() : book.bestAsk();
                return new RestReply(
                        200,
                        WireFrames.JSON.createObjectNode().put("price", plain(price)).toString());
            }
            case "GET /midpoint" -> {
                FakeBook book = exchange.bookOrNull(token);
                if (book == null) {
                    return new RestReply(
                            404, error("No orderbook exists for the requested token id"));
                }
                return new RestReply(
                        200,
                        WireFrames.JSON
                                .createObjectNode()
                                .put("mid", plain(book.mid()))
                                .toString());
            }
            case "GET /spread" -> {
                FakeBook book = exchange.bookOrNull(token);
                if (book == null) {
                    return new RestReply(
                            404, error("No orderbook exists for the requested token id"));
                }
                return new RestReply(
                        200,
                        WireFrames.JSON
                                .createObjectNode()
                                .put("spread", plain(book.spread()))
                                .toString());
            }
            case "GET /last-trade-price" -> {
                FakeBook book = exchange.bookOrNull(token);
                if (book == null) {
                    return new RestReply(
                            404, error("No orderbook exists for the requested token id"));
                }
                return new RestReply(200, WireFrames.restLastTrade(book).toString());
            }
            case "GET /tick-size" -> {
                FakeBook book = exchange.bookOrNull(token);
                if (book == null) {
                    return new RestReply(
                            404, error("No orderbook exists for the requested token id"));
                }
                ObjectNode out = WireFrames.JSON.createObjectNode();
                out.put("minimum_tick_size", book.market.tickSize);
                return new RestReply(200, out.toString());
            }
            case "GET /prices-history" -> {
                return pricesHistory(query);
            }
            case "POST /prices", "POST /midpoints", "POST /spreads", "POST /last-trades-prices" -> {
                JsonNode items = parseJson(body);
                if (items == null || !items.isArray()) {
                    return new RestReply(400, error("Invalid payload"));
                }
                if (items.size() > 500) {
                    return new RestReply(400, error("Payload exceeds the limit"));
                }
                return new RestReply(200, plural(path, items).toString());
            }
            case "GET /books",
                    "GET /prices",
                    "GET /midpoints",
                    "GET /spreads",
                    "GET /last-trades-prices" -> {
                // Documented, but live they always answer 400.
                return new RestReply(400, error("Invalid payload"));
            }
            default -> {
                return new RestReply(404, error("not found"));
            }
        }
    }

    /**
     * From now on at most {@code perSecond} {@code /prices-history} requests are answered in any
     * second; more get 429 (live, sustained overshoot of 1000 per 10 s does).
     */
    void historyRateLimit(int perSecond) {
        historyPerSecond = perSecond;
        historyAnswered.clear();
    }

    /**
     * {@code GET /prices-history}: {@code market} (a token id) with {@code startTs}+{@code endTs}
     * (unix seconds) or {@code interval}, and {@code fidelity} minutes. One point every fidelity
     * minutes at the book's midpoint (0.5 without a book), then a final "now" point, as live. A
     * non-numeric token gets 400; an unknown one an empty history (assumed live behaviour). The
     * fidelity minimum of {@code 1m}/{@code 1w} is applied to explicit ranges of over a week/day.
     */
    private RestReply pricesHistory(Map<String, List<String>> query) {
        long nowNanos = System.nanoTime();
        while (!historyAnswered.isEmpty() && nowNanos - historyAnswered.peekFirst() >= 1e9) {
            historyAnswered.pollFirst();
        }
        if (historyAnswered.size() >= historyPerSecond) {
            return new RestReply(429, error("Too Many Requests"));
        }
        historyAnswered.addLast(nowNanos);
        String token = first(query, "market");
        if (!token.matches("[0-9]+")) {
            return new RestReply(400, error("Invalid token id"));
        }
        long nowSecs = exchange.now() / 1000;
        String start = first(query, "startTs");
        String end = first(query, "endTs");
        String interval = first(query, "interval");
        int fidelity;
        long from;
        long to;
        try {
            fidelity =
                    first(query, "fidelity").isEmpty()
                            ? 1
                            : Integer.parseInt(first(query, "fidelity"));
            if (start.isEmpty() && !end.isEmpty()) {
                return new RestReply(400, error("invalid filters: startTs is required with endTs"));
            }
            if (!start.isEmpty()) {
                from = Long.parseLong(start);
                to = end.isEmpty() ? nowSecs : Long.parseLong(end);
                if (from > 10_000_000_000L || to > 10_000_000_000L) {
                    return new RestReply(
                            400, error("invalid filters: timestamps must be in seconds"));
                }
                long range = to - from;
                interval = range > 7 * 86_400 ? "1m" : range > 86_400 ? "1w" : "";
            } else {
                long range =
                        switch (interval) {
                            case "1h" -> 3_600;
                            case "6h" -> 6 * 3_600;
                            case "1d" -> 86_400;
                            case "1w" -> 7 * 86_400;
                            case "1m" -> 30 * 86_400;
                            default -> 0;
                        };
                if (range == 0) {
                    return new RestReply(400, error("invalid filters: interval"));
                }
                to = nowSecs;
                from = to - range;
            }
        } catch (NumberFormatException e) {
            return new RestReply(400, error("invalid filters"));
        }
        int minimum = interval.equals("1m") ? 10 : interval.equals("1w") ? 5 : 1;
        if (fidelity < minimum) {
            return new RestReply(
                    400,
                    error(
                            "invalid filters: minimum 'fidelity' for '"
                                    + interval
                                    + "' range is "
                                    + minimum));
        }
        ArrayNode history = WireFrames.JSON.createArrayNode();
        FakeBook book = exchange.bookOrNull(token);
        if (book != null) {
            BigDecimal price = book.mid() == null ? new BigDecimal("0.5") : book.mid();
            long step = fidelity * 60L;
            long t = (from + step - 1) / step * step;
            for (int n = 0; t <= to && n < 5_000; t += step, n++) {
                history.addObject().put("t", t).put("p", price);
            }
            history.addObject().put("t", nowSecs).put("p", price);
        }
        ObjectNode out = WireFrames.JSON.createObjectNode();
        out.set("history", history);
        return new RestReply(200, out.toString());
    }

    private static String first(Map<String, List<String>> query, String name) {
        return query.getOrDefault(name, List.of("")).get(0);
    }

    private JsonNode plural(String path, JsonNode items) {
        if (path.equals("/last-trades-prices")) {
            ArrayNode out = WireFrames.JSON.createArrayNode();
            for (JsonNode item : items) {
                FakeBook book = exchange.bookOrNull(item.path("token_id").asText(""));
                if (book != null) {
                    out.add(WireFrames.restLastTrade(book).put("token_id", book.token));
                }
            }
            return out;
        }
        ObjectNode out = WireFrames.JSON.createObjectNode();
        for (JsonNode item : items) {
            FakeBook book = exchange.bookOrNull(item.path("token_id").asText(""));
            if (book == null) {
                continue;
            }
            switch (path) {
                case "/prices" -> {
                    ObjectNode sides =
                            out.has(book.token)
                                    ? (ObjectNode) out.get(book.token)
                                    : out.putObject(book.token);
                    String side = item.path("side").asText("");
                    if (side.equals("BUY")) {
                        sides.put("BUY", plain(book.bestBid()));
                    } else {
                        // Without a side, live answers SELL only.
                        sides.put("SELL", plain(book.bestAsk()));
                    }
                }
                case "/midpoints" -> out.put(book.token, plain(book.mid()));
                default -> out.put(book.token, plain(book.spread()));
            }
        }
        return out;
    }

    private static JsonNode parseJson(String text) {
        try {
            return WireFrames.JSON.readTree(text);
        } catch (Exception e) {
            return null;
        }
    }
}
