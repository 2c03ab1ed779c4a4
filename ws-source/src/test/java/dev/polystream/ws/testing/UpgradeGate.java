package dev.polystream.ws.testing;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;

/** Answers WebSocket upgrades with HTTP 503 while {@link Faults#refuseConnections} is on. */
final class UpgradeGate extends ChannelInboundHandlerAdapter {

    private final Faults faults;

    UpgradeGate(Faults faults) {
        this.faults = faults;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (faults.refuseConnections
                && msg instanceof FullHttpRequest request
                && new QueryStringDecoder(request.uri()).path().equals(FakePolymarketServer.PATH)) {
            request.release();
            ctx.writeAndFlush(
                            new DefaultFullHttpResponse(
                                    request.protocolVersion(),
                                    HttpResponseStatus.SERVICE_UNAVAILABLE))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
