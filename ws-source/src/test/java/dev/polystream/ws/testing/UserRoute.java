package dev.polystream.ws.testing;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

/**
 * Sends what belongs to the user side of the fake away from the market channel: an upgrade on
 * {@link FakeUserChannel#PATH} gets the user channel's WebSocket handlers instead of the market's,
 * and {@code /data/trades} and {@code /auth/validate-readonly-api-key} are answered here.
 */
final class UserRoute extends ChannelInboundHandlerAdapter {

    private static final int MAX_FRAME_BYTES = 1024 * 1024;

    private final FakeUserChannel user;
    private final Faults faults;

    UserRoute(FakeUserChannel user, Faults faults) {
        this.user = user;
        this.faults = faults;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        if (uri.path().equals(FakeUserChannel.PATH)) {
            ChannelPipeline p = ctx.pipeline();
            // Everything after this handler served the market channel: replace it.
            while (p.last() != this) {
                p.removeLast();
            }
            p.addLast(
                    new WebSocketServerProtocolHandler(
                            WebSocketServerProtocolConfig.newBuilder()
                                    .websocketPath(FakeUserChannel.PATH)
                                    .maxFramePayloadLength(MAX_FRAME_BYTES)
                                    .handleCloseFrames(true)
                                    .sendCloseFrame(null)
                                    .build()));
            p.addLast(new WebSocketFrameAggregator(MAX_FRAME_BYTES));
            p.addLast(new UserSocketHandler(user));
            ctx.fireChannelRead(msg);
            return;
        }
        if (!UserRestHandler.handles(uri.path())) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            answer(ctx, request, uri);
        } finally {
            request.release();
        }
    }

    private void answer(
            ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri) {
        String method = request.method().name();
        ClobRestHandler.RestReply reply;
        if (!faults.restAvailable) {
            reply = new ClobRestHandler.RestReply(503, WireFrames.error("service unavailable"));
        } else {
            try {
                reply =
                        new UserRestHandler(user)
                                .reply(method, uri.path(), uri.parameters(), request.headers());
            } catch (RuntimeException e) {
                reply = new ClobRestHandler.RestReply(500, WireFrames.error(String.valueOf(e)));
            }
        }
        user.restRequest(
                new FakePolymarketServer.RestRequest(
                        method, uri.path(), uri.rawQuery(), "", reply.status()));
        ClobRestHandler.write(ctx, request, reply);
    }
}
