package dev.polystream.ws.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The market channel's side of one connection (§9): the first frame must subscribe (else close
 * 1008), text {@code PING} gets {@code PONG}, {@code operation} subscribe / unsubscribe work as
 * live, anything else gets {@code INVALID OPERATION}. Plain HTTP requests go to the {@link
 * ClobRestHandler}. One instance per channel, on the event loop.
 */
final class MarketSocketHandler extends SimpleChannelInboundHandler<Object> {

    private final ClientSessions sessions;
    private final Faults faults;
    private final Journal journal;
    private final ClobRestHandler rest;
    private final Duration subscribeTimeout;

    MarketSocketHandler(
            ClientSessions sessions,
            Faults faults,
            Journal journal,
            ClobRestHandler rest,
            Duration subscribeTimeout) {
        this.sessions = sessions;
        this.faults = faults;
        this.journal = journal;
        this.rest = rest;
        this.subscribeTimeout = subscribeTimeout;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            ClientConnection conn = sessions.open(ctx.channel());
            if (subscribeTimeout != null) {
                ctx.executor()
                        .schedule(
                                () -> {
                                    if (!conn.subscribed) {
                                        closeInvalid(ctx);
                                    }
                                },
                                subscribeTimeout.toMillis(),
                                TimeUnit.MILLISECONDS);
            }
        } else if (evt instanceof IdleStateEvent) {
            ctx.close();
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest request) {
            // Not an upgrade on /ws/market: the CLOB REST API.
            rest.handle(ctx, request);
            return;
        }
        ClientConnection conn = sessions.get(ctx.channel());
        if (conn == null || !(msg instanceof WebSocketFrame frame)) {
            return;
        }
        if (frame instanceof TextWebSocketFrame text) {
            onText(ctx, conn, text.text());
        } else {
            // Binary frames are not part of the protocol.
            conn.channel.writeAndFlush(new TextWebSocketFrame("INVALID OPERATION"));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    private void onText(ChannelHandlerContext ctx, ClientConnection conn, String text) {
        journal.clientFrame(conn.id, text);
        JsonNode json = parseObject(text);
        if (!conn.subscribed) {
            boolean initial =
                    json != null
                            && (json.path("type").asText("").equalsIgnoreCase("market")
                                    || json.path("operation")
                                            .asText("")
                                            .equalsIgnoreCase("subscribe"));
            if (!initial) {
                closeInvalid(ctx);
                return;
            }
            conn.subscribed = true;
            conn.customFeatures = json.path("custom_feature_enabled").asBoolean(false);
            conn.initialDump = json.path("initial_dump").asBoolean(true);
            List<String> tokens = tokens(json);
            journal.subscription(conn.id, "initial", tokens);
            List<String> added = conn.add(tokens);
            if (conn.initialDump && !tokens.isEmpty()) {
                sessions.sendSnapshots(conn, added);
            }
            return;
        }
        if (text.strip().equals("PING")) {
            if (!faults.answerPings) {
                return;
            }
            if (faults.pongDelay.isZero()) {
                conn.channel.writeAndFlush(new TextWebSocketFrame("PONG"));
            } else {
                ctx.executor()
                        .schedule(
                                () -> conn.channel.writeAndFlush(new TextWebSocketFrame("PONG")),
                                faults.pongDelay.toMillis(),
                                TimeUnit.MILLISECONDS);
            }
            return;
        }
        if (json == null || !json.has("operation")) {
            // A second initial subscription, or anything unreadable.
            conn.channel.writeAndFlush(new TextWebSocketFrame("INVALID OPERATION"));
            return;
        }
        String operation = json.path("operation").asText("").toLowerCase(Locale.ROOT);
        List<String> tokens = tokens(json);
        if (faults.rejectOperations) {
            journal.subscription(conn.id, "rejected " + operation, tokens);
            conn.channel.writeAndFlush(new TextWebSocketFrame("INVALID OPERATION"));
            return;
        }
        switch (operation) {
            case "subscribe" -> {
                journal.subscription(conn.id, "subscribe", tokens);
                if (json.has("custom_feature_enabled")) {
                    conn.customFeatures |= json.path("custom_feature_enabled").asBoolean(false);
                }
                List<String> added = conn.add(tokens);
                if (conn.initialDump && !tokens.isEmpty()) {
                    sessions.sendSnapshots(conn, added);
                }
            }
            case "unsubscribe" -> {
                journal.subscription(conn.id, "unsubscribe", tokens);
                conn.tokens.removeAll(tokens);
                // Re-subscribing rescues a frozen token.
                tokens.forEach(faults.frozenTokens::remove);
            }
            default -> conn.channel.writeAndFlush(new TextWebSocketFrame("INVALID OPERATION"));
        }
    }

    private static void closeInvalid(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(new CloseWebSocketFrame(1008, "invalid subscription payload"))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private static JsonNode parseObject(String text) {
        try {
            JsonNode node = WireFrames.JSON.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static List<String> tokens(JsonNode json) {
        List<String> tokens = new ArrayList<>();
        json.path("assets_ids").forEach(t -> tokens.add(t.asText()));
        return tokens;
    }
}
