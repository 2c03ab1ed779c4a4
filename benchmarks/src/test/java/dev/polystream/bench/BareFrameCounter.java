package dev.polystream.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bare transport baseline: one Netty WebSocket connection with the client's pipeline up to the
 * frame aggregator (HTTP codec, handshake, frame decoding and aggregation, one event-loop thread),
 * which subscribes to the tokens and then only counts and releases the frames it reads. No decoding
 * to text, no parsing, no books.
 */
final class BareFrameCounter implements AutoCloseable {

    private static final int MAX_FRAME_BYTES = 4 * 1024 * 1024;

    private final EventLoopGroup group =
            new MultiThreadIoEventLoopGroup(
                    1, new DefaultThreadFactory("bare-ws", true), NioIoHandler.newFactory());
    private final AtomicLong frames = new AtomicLong();
    private final Channel channel;

    BareFrameCounter(URI url, List<String> tokens) throws InterruptedException {
        String subscription =
                "{\"assets_ids\":[\""
                        + String.join("\",\"", tokens)
                        + "\"],\"type\":\"market\",\"initial_dump\":true}";
        WebSocketClientProtocolConfig config =
                WebSocketClientProtocolConfig.newBuilder()
                        .webSocketUri(url)
                        .version(WebSocketVersion.V13)
                        .maxFramePayloadLength(MAX_FRAME_BYTES)
                        .handshakeTimeoutMillis(5_000)
                        .withUTF8Validator(false)
                        .build();
        this.channel =
                new Bootstrap()
                        .group(group)
                        .channel(NioSocketChannel.class)
                        .option(ChannelOption.TCP_NODELAY, true)
                        .handler(
                                new ChannelInitializer<SocketChannel>() {
                                    @Override
                                    protected void initChannel(SocketChannel ch) {
                                        ch.pipeline()
                                                .addLast(
                                                        new HttpClientCodec(),
                                                        new HttpObjectAggregator(65_536),
                                                        new WebSocketClientProtocolHandler(config),
                                                        new WebSocketFrameAggregator(
                                                                MAX_FRAME_BYTES),
                                                        new Counter(subscription));
                                    }
                                })
                        .connect(url.getHost(), url.getPort())
                        .sync()
                        .channel();
    }

    /** Text frames read so far (the subscription's answers included). */
    long frames() {
        return frames.get();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(2_000);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3_000);
    }

    /** Sends the subscription once the handshake is done; counts text frames. */
    private final class Counter extends SimpleChannelInboundHandler<WebSocketFrame> {

        private final String subscription;

        Counter(String subscription) {
            this.subscription = subscription;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event
                    == WebSocketClientProtocolHandler.ClientHandshakeStateEvent
                            .HANDSHAKE_COMPLETE) {
                ctx.writeAndFlush(new TextWebSocketFrame(subscription));
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof TextWebSocketFrame) {
                frames.incrementAndGet();
            }
        }
    }
}
