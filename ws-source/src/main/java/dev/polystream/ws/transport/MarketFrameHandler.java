package dev.polystream.ws.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The last handler of a connection's pipeline: hands frames and events to its connection. */
final class MarketFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    private static final Logger LOG = LoggerFactory.getLogger(MarketFrameHandler.class);

    private final MarketConnection connection;
    private boolean handshakeDone;

    MarketFrameHandler(MarketConnection connection) {
        this.connection = connection;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            handshakeDone = true;
            connection.onHandshakeComplete(ctx.channel());
        } else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            connection.noteCloseReason(
                    ctx.channel(), "WebSocket handshake timed out", ReconnectCause.CONNECT_FAILED);
            ctx.close();
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame text) {
            connection.onText(ctx.channel(), text.text());
        } else if (frame instanceof BinaryWebSocketFrame binary) {
            // Polymarket sends text; be tolerant of a server that frames the same JSON as binary.
            connection.onText(ctx.channel(), binary.content().toString(StandardCharsets.UTF_8));
        } else if (frame instanceof CloseWebSocketFrame close) {
            connection.onServerClose(ctx.channel(), close.statusCode(), close.reasonText());
            // Answer the closing handshake, then drop the socket.
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))
                    .addListener(f -> ctx.close());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            // A fragmented message over the limit: the aggregator dropped it; the socket is fine.
            connection.onOversizedFrame(ctx.channel(), cause.getMessage(), false);
            return;
        }
        if (cause instanceof CorruptedWebSocketFrameException corrupted
                && corrupted.closeStatus().code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code()) {
            // A single frame over the limit: the decoder lost sync and closes the socket (1009).
            connection.onOversizedFrame(ctx.channel(), cause.getMessage(), true);
            ctx.close();
            return;
        }
        connection.noteCloseReason(
                ctx.channel(),
                String.valueOf(cause),
                handshakeDone ? ReconnectCause.CONNECTION_LOST : ReconnectCause.CONNECT_FAILED);
        LOG.debug("Closing a market channel socket after an error", cause);
        ctx.close();
    }
}
