package dev.polystream.ws.testing;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * The user channel's side of one connection: the first text frame is the subscription ({@link
 * FakeUserChannel#subscribe}); once accepted, {@code PING} gets {@code PONG} and anything else is
 * ignored; a refused socket hears nothing until it is dropped. One instance per channel.
 */
final class UserSocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    private final FakeUserChannel user;
    private boolean subscribed;
    private boolean refused;

    UserSocketHandler(FakeUserChannel user) {
        this.user = user;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (!(frame instanceof TextWebSocketFrame text) || refused) {
            return;
        }
        String t = text.text();
        if (!subscribed) {
            subscribed = user.subscribe(ctx.channel(), t);
            refused = !subscribed;
            return;
        }
        if (t.strip().equals("PING") && user.answersPings()) {
            ctx.writeAndFlush(new TextWebSocketFrame("PONG"));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
