package dev.polystream.ws.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The open client connections and what goes out to them: market data is queued per connection
 * during one scripting call and written when it ends ({@link #flushOutbox}), as one frame per event
 * or, with {@link Faults#arrayFrames}, one array frame. Event loop only.
 */
final class ClientSessions {

    private final Map<Channel, ClientConnection> conns = new LinkedHashMap<>();

    /** Frames written by one scripting call, per connection, sent when the call ends. */
    private final Map<ClientConnection, List<String>> outbox = new LinkedHashMap<>();

    private final FakeExchange exchange;
    private final Faults faults;
    private int nextConnectionId = 1;

    ClientSessions(FakeExchange exchange, Faults faults) {
        this.exchange = exchange;
        this.faults = faults;
    }

    /** A connection whose handshake completed; forgotten when its channel closes. */
    ClientConnection open(Channel channel) {
        ClientConnection conn = new ClientConnection(nextConnectionId++, channel);
        conns.put(channel, conn);
        channel.closeFuture().addListener(f -> conns.remove(channel));
        return conn;
    }

    ClientConnection get(Channel channel) {
        return conns.get(channel);
    }

    Collection<ClientConnection> all() {
        return conns.values();
    }

    Set<String> subscribedTokens() {
        Set<String> all = new LinkedHashSet<>();
        conns.values().forEach(c -> all.addAll(c.tokens));
        return Set.copyOf(all);
    }

    Map<Integer, Set<String>> subscriptionsByConnection() {
        Map<Integer, Set<String>> byConn = new LinkedHashMap<>();
        conns.values().forEach(c -> byConn.put(c.id, Set.copyOf(c.tokens)));
        return byConn;
    }

    List<Integer> ids() {
        return conns.values().stream().map(c -> c.id).toList();
    }

    int size() {
        return conns.size();
    }

    /** One array frame with the snapshots of the known tokens among {@code tokens}. */
    void sendSnapshots(ClientConnection conn, List<String> tokens) {
        if (faults.frozen) {
            return;
        }
        long ts = exchange.now();
        ArrayNode array = WireFrames.JSON.createArrayNode();
        List<String> capped = new ArrayList<>(conn.tokens);
        for (String token : tokens) {
            FakeBook book = exchange.bookOrNull(token);
            if (book != null
                    && !faults.frozen(token)
                    && capped.indexOf(token) < faults.snapshotCap) {
                array.add(WireFrames.book(book, ts, true));
            }
        }
        conn.channel.writeAndFlush(new TextWebSocketFrame(array.toString()));
    }

    /** Queues market data for the subscribed connections {@code to} accepts (none when frozen). */
    void sendData(Predicate<ClientConnection> to, String text) {
        if (faults.frozen) {
            return;
        }
        for (ClientConnection c : conns.values()) {
            if (c.subscribed && to.test(c)) {
                outbox.computeIfAbsent(c, k -> new ArrayList<>()).add(text);
            }
        }
    }

    /**
     * Sends what one scripting call produced: one frame per event, or with {@link
     * Faults#arrayFrames} one array frame per connection; with {@link Faults#unknownEvents} an
     * event of an unknown type rides along.
     */
    void flushOutbox() {
        if (outbox.isEmpty()) {
            return;
        }
        for (Map.Entry<ClientConnection, List<String>> entry : outbox.entrySet()) {
            ClientConnection c = entry.getKey();
            List<String> frames = entry.getValue();
            if (!c.channel.isActive()) {
                continue;
            }
            if (faults.unknownEvents) {
                frames.add(WireFrames.unknownEvent(exchange.now()));
            }
            if (faults.arrayFrames) {
                c.channel.writeAndFlush(
                        new TextWebSocketFrame("[" + String.join(",", frames) + "]"));
            } else {
                for (String frame : frames) {
                    c.channel.write(new TextWebSocketFrame(frame));
                }
                c.channel.flush();
            }
        }
        outbox.clear();
    }

    /** Writes a text frame as is to every subscribed connection, frozen or not. */
    void sendRaw(String text) {
        for (ClientConnection c : conns.values()) {
            if (c.subscribed) {
                c.channel.writeAndFlush(new TextWebSocketFrame(text));
            }
        }
    }

    /** {@link #sendRaw} as a text frame and continuation frames of at most the given size. */
    void sendRawFragmented(byte[] bytes, int fragmentBytes) {
        for (ClientConnection c : conns.values()) {
            if (!c.subscribed) {
                continue;
            }
            for (int from = 0; from < bytes.length; from += fragmentBytes) {
                int to = Math.min(bytes.length, from + fragmentBytes);
                boolean last = to == bytes.length;
                var chunk = Unpooled.copiedBuffer(bytes, from, to - from);
                c.channel.write(
                        from == 0
                                ? new TextWebSocketFrame(last, 0, chunk)
                                : new ContinuationWebSocketFrame(last, 0, chunk));
            }
            c.channel.flush();
        }
    }

    /** The text's UTF-8 bytes, once the fragment size is checked. */
    static byte[] fragmentable(String text, int fragmentBytes) {
        if (fragmentBytes < 1) {
            throw new IllegalArgumentException("fragmentBytes must be positive");
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** 1006: an abrupt TCP close (RST); any other code: a close frame with it first. */
    void dropAll(int closeCode) {
        for (ClientConnection c : List.copyOf(conns.values())) {
            if (closeCode == 1006) {
                c.channel.config().setOption(ChannelOption.SO_LINGER, 0);
                c.channel.close();
            } else {
                c.channel
                        .writeAndFlush(new CloseWebSocketFrame(closeCode, "dropped"))
                        .addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    /** The subscribed, active connections and the markets each streams (for the firehose). */
    List<Listener> listeners() {
        List<Listener> listeners = new ArrayList<>();
        for (ClientConnection c : conns.values()) {
            if (!c.subscribed || !c.channel.isActive()) {
                continue;
            }
            List<String[]> streamed = exchange.streamedTo(c.tokens);
            if (!streamed.isEmpty()) {
                listeners.add(new Listener(c.channel, streamed));
            }
        }
        return listeners;
    }
}
