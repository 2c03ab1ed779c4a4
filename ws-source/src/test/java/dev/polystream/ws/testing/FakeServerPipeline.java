package dev.polystream.ws.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The fake server's socket and channel pipeline: optional TLS, HTTP, idle timeout, the upgrade
 * gate, the WebSocket upgrade on {@link FakePolymarketServer#PATH} with 16 MiB frames, then the
 * handler of the connection (which also answers plain REST requests). The {@link UserRoute} in
 * front takes the user channel's upgrades and own-data REST routes.
 */
final class FakeServerPipeline extends ChannelInitializer<SocketChannel> {

    private static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;

    private final SslContext ssl;
    private final Duration idleTimeout;
    private final Faults faults;
    private final Supplier<ChannelHandler> connectionHandler;
    private final FakeUserChannel user;

    FakeServerPipeline(
            SslContext ssl,
            Duration idleTimeout,
            Faults faults,
            Supplier<ChannelHandler> connectionHandler,
            FakeUserChannel user) {
        this.user = user;
        this.ssl = ssl;
        this.idleTimeout = idleTimeout;
        this.faults = faults;
        this.connectionHandler = connectionHandler;
    }

    /** Binds a server with this pipeline to 127.0.0.1:{@code port} (0: ephemeral). */
    Channel bind(EventLoopGroup group, int port) throws InterruptedException {
        ServerBootstrap bootstrap =
                new ServerBootstrap()
                        .group(group)
                        .channel(NioServerSocketChannel.class)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        // Room for a firehose's bursts: a socket counts as backed up (see
                        // Firehose) only past 4 MiB unread, as a real server would buffer.
                        .childOption(
                                ChannelOption.WRITE_BUFFER_WATER_MARK,
                                new WriteBufferWaterMark(1 << 20, 4 << 20))
                        .childHandler(this);
        return bootstrap.bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        var p = ch.pipeline();
        if (ssl != null) {
            p.addLast(ssl.newHandler(ch.alloc()));
        }
        p.addLast(new HttpServerCodec());
        p.addLast(new HttpObjectAggregator(1024 * 1024));
        if (idleTimeout != null) {
            p.addLast(new IdleStateHandler(idleTimeout.toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        }
        p.addLast(new UserRoute(user, faults));
        p.addLast(new UpgradeGate(faults));
        p.addLast(
                new WebSocketServerProtocolHandler(
                        WebSocketServerProtocolConfig.newBuilder()
                                .websocketPath(FakePolymarketServer.PATH)
                                .maxFramePayloadLength(MAX_FRAME_BYTES)
                                .handleCloseFrames(true)
                                // close() stays abrupt; close frames are written explicitly
                                .sendCloseFrame(null)
                                .build()));
        p.addLast(new WebSocketFrameAggregator(MAX_FRAME_BYTES));
        p.addLast(connectionHandler.get());
    }
}
