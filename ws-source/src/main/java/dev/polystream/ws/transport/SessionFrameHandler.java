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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The last handler of a session's pipeline: hands frames and events to its session. */
final class SessionFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    private static final Logger LOG = LoggerFactory.getLogger(SessionFrameHandler.class);

    private final WebSocketSession session;
    private boolean handshakeDone;

    SessionFrameHandler(WebSocketSession session) {
        this.session = session;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            handshakeDone = true;
            session.handshakeComplete();
        } else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            session.noteCloseReason("WebSocket handshake timed out", ReconnectCause.CONNECT_FAILED);
            ctx.close();
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame) {
            session.frameReceived(frame.content());
        } else if (frame instanceof BinaryWebSocketFrame) {
            // Polymarket sends text; be tolerant of a server that frames the same JSON as binary.
            session.frameReceived(frame.content());
        } else if (frame instanceof CloseWebSocketFrame close) {
            session.serverClosed(close.statusCode(), close.reasonText());
            // Answer the closing handshake, then drop the socket.
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))
                    .addListener(f -> ctx.close());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            // A fragmented message over the limit: the aggregator dropped it; the socket is fine.
            session.oversizedFrame(cause.getMessage(), false);
            return;
        }
        if (cause instanceof CorruptedWebSocketFrameException corrupted
                && corrupted.closeStatus().code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code()) {
            // A single frame over the limit: the decoder lost sync and closes the socket (1009).
            session.oversizedFrame(cause.getMessage(), true);
            ctx.close();
            return;
        }
        session.noteCloseReason(
                String.valueOf(cause),
                handshakeDone ? ReconnectCause.CONNECTION_LOST : ReconnectCause.CONNECT_FAILED);
        LOG.debug("Closing a market channel socket after an error", cause);
        ctx.close();
    }
}
