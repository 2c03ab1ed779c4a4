package dev.polystream.ws.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystream.ws.testing.FakePolymarketServer.RestRequest;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The fake's user channel ({@code /ws/user}, §3, §16) and the trader's trade history behind REST
 * {@code /data/trades} ({@link UserRestHandler}). A subscribe frame whose {@code auth} matches an
 * L2 key of {@link #accounts()} keeps its session (text {@code PING} gets {@code PONG}); anything
 * else is dropped about half a second later with no frame and no close frame, as live. Scripted
 * frames go to every open session of a key (duplicate subscriptions see duplicate events, as live),
 * and their trade objects enter that key's history (latest status per trade id). Thread-safe.
 */
public final class FakeUserChannel {

    /** The WebSocket path, as live. */
    public static final String PATH = "/ws/user";

    private static final Duration REJECT_DELAY = Duration.ofMillis(500);

    private final FakeClobAccounts accounts = new FakeClobAccounts();
    private final Map<String, List<Channel>> sessions = new HashMap<>();
    private final Map<String, LinkedHashMap<String, ObjectNode>> history = new HashMap<>();
    private final Map<String, Integer> attempts = new HashMap<>();
    private final Map<String, List<String>> subscribeFrames = new HashMap<>();
    private final List<RestRequest> restRequests = new ArrayList<>();
    private int rejected;
    private boolean refuseEverySocket;
    private int pageSize = 100;
    private boolean answerPings = true;

    FakeUserChannel() {}

    /** The keys the channel and {@code /data/trades} accept. */
    public FakeClobAccounts accounts() {
        return accounts;
    }

    /**
     * Sends {@code frameJson} as one text frame to every open session of {@code apiKey}, and
     * records each trade object in it into the key's history.
     */
    public void publish(String apiKey, String frameJson) {
        List<Channel> open;
        synchronized (this) {
            record(apiKey, frameJson);
            open = List.copyOf(sessions.getOrDefault(apiKey, List.of()));
        }
        for (Channel ch : open) {
            ch.writeAndFlush(new TextWebSocketFrame(frameJson)).awaitUninterruptibly(2_000);
        }
    }

    /** {@link #publish} of a {@code ws_user/} fixture, by file name. */
    public void publishFixture(String apiKey, String fixtureName) {
        publish(apiKey, Fixtures.wsUser(fixtureName));
    }

    /** A fill that happened while the trader was away: into the history only (REST), not sent. */
    public synchronized void recordOnly(String apiKey, String tradeJson) {
        record(apiKey, tradeJson);
    }

    /** Drops every open session of {@code apiKey} abruptly (no close frame). */
    public void dropSessions(String apiKey) {
        List<Channel> open;
        synchronized (this) {
            open = List.copyOf(sessions.getOrDefault(apiKey, List.of()));
        }
        open.forEach(FakeUserChannel::reset);
    }

    /** Subscribe frames received carrying {@code apiKey}, accepted or not. */
    public synchronized int connectionAttempts(String apiKey) {
        return attempts.getOrDefault(apiKey, 0);
    }

    /**
     * An incident on the channel's side: every socket is dropped like one with bad credentials,
     * good keys too, while REST keeps answering.
     */
    public synchronized void refuseEverySocket(boolean refuse) {
        refuseEverySocket = refuse;
    }

    /** Subscribe frames refused (bad or unknown credentials, or no subscription at all). */
    public synchronized int rejectedAttempts() {
        return rejected;
    }

    /** Sessions of {@code apiKey} open now. */
    public synchronized int openSessions(String apiKey) {
        return sessions.getOrDefault(apiKey, List.of()).size();
    }

    /** Waits until {@code apiKey} has exactly {@code count} open sessions. */
    public void awaitOpenSessions(String apiKey, int count, Duration timeout) {
        EventLoopCalls.await(
                () -> openSessions(apiKey) == count,
                timeout,
                count + " open user sessions of " + apiKey);
    }

    /** The subscribe frames received with {@code apiKey}, as sent (they hold the secret). */
    public synchronized List<String> subscribeFrames(String apiKey) {
        return List.copyOf(subscribeFrames.getOrDefault(apiKey, List.of()));
    }

    /** With {@code false}, {@code PING} goes unanswered (to trip a client's liveness check). */
    public synchronized void answerPings(boolean answer) {
        answerPings = answer;
    }

    /** Rows per {@code /data/trades} page (the {@code limit} query can only lower it). */
    public synchronized void tradesPageSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("A page holds at least one row");
        }
        pageSize = size;
    }

    /** The {@code /data/trades} and {@code /auth/validate-readonly-api-key} requests answered. */
    public synchronized List<RestRequest> restRequests() {
        return List.copyOf(restRequests);
    }

    /** How many of {@link #restRequests()} went to {@code path}. */
    public synchronized long restRequests(String path) {
        return restRequests.stream().filter(r -> r.path().equals(path)).count();
    }

    /** Trade ids in {@code apiKey}'s history, in first-seen order. */
    public synchronized List<String> tradeIds(String apiKey) {
        return List.copyOf(history.getOrDefault(apiKey, new LinkedHashMap<>()).keySet());
    }

    // ---------------------------------------------------------------------------------------
    // From the socket and REST handlers

    /** A session's first frame: true when it authenticates; else it is dropped shortly. */
    boolean subscribe(Channel ch, String text) {
        JsonNode json = parse(text);
        JsonNode auth = json == null ? null : json.get("auth");
        String key = auth == null ? "" : auth.path("apiKey").asText("");
        boolean ok;
        synchronized (this) {
            attempts.merge(key, 1, Integer::sum);
            subscribeFrames.computeIfAbsent(key, k -> new ArrayList<>()).add(text);
            ok =
                    json != null
                            && !refuseEverySocket
                            && json.path("type").asText("").equalsIgnoreCase("user")
                            && accounts.validL2(
                                    key,
                                    auth.path("secret").asText(""),
                                    auth.path("passphrase").asText(""));
            if (ok) {
                sessions.computeIfAbsent(key, k -> new ArrayList<>()).add(ch);
                ch.closeFuture().addListener(f -> closed(key, ch));
            } else {
                rejected++;
            }
        }
        if (!ok) {
            ch.eventLoop()
                    .schedule(() -> reset(ch), REJECT_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        }
        return ok;
    }

    synchronized boolean answersPings() {
        return answerPings;
    }

    synchronized int pageSize() {
        return pageSize;
    }

    synchronized void restRequest(RestRequest request) {
        restRequests.add(request);
    }

    /** The history of the given keys, rows in first-seen order. */
    synchronized List<ObjectNode> history(List<String> keys) {
        List<ObjectNode> rows = new ArrayList<>();
        for (String k : keys) {
            history.getOrDefault(k, new LinkedHashMap<>())
                    .values()
                    .forEach(n -> rows.add(n.deepCopy()));
        }
        return rows;
    }

    private synchronized void closed(String key, Channel ch) {
        List<Channel> open = sessions.get(key);
        if (open != null) {
            open.remove(ch);
        }
    }

    private void record(String apiKey, String frameJson) {
        Objects.requireNonNull(apiKey, "apiKey");
        LinkedHashMap<String, ObjectNode> trades =
                history.computeIfAbsent(apiKey, k -> new LinkedHashMap<>());
        try (MappingIterator<JsonNode> values =
                WireFrames.JSON.readerFor(JsonNode.class).readValues(frameJson)) {
            while (values.hasNextValue()) {
                JsonNode v = values.nextValue();
                for (JsonNode e : v.isArray() ? v : List.of(v)) {
                    if (isTrade(e)) {
                        trades.put(e.path("id").asText(), (ObjectNode) e.deepCopy());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // Garbage is sent as is and recorded as nothing.
        }
    }

    private static boolean isTrade(JsonNode e) {
        return e.isObject()
                && e.hasNonNull("id")
                && (e.path("event_type").asText("").equalsIgnoreCase("trade")
                        || e.path("type").asText("").equalsIgnoreCase("TRADE")
                        || e.has("taker_order_id"));
    }

    private static JsonNode parse(String text) {
        try {
            JsonNode node = WireFrames.JSON.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Closes with a TCP reset: no close frame, "connection lost" on the client. */
    private static void reset(Channel ch) {
        if (ch.isOpen()) {
            ch.config().setOption(ChannelOption.SO_LINGER, 0);
            ch.close();
        }
    }
}
