package dev.polystream.ws.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * One WebSocket socket, knowing nothing of the exchange: TCP connect (TLS for {@code wss://}), the
 * handshake, text frames in and out, the closing handshake, and why the socket ended (the first
 * reason noted wins). What the frames mean is the {@link Listener}'s business. Confined to its
 * event loop; a new socket is a new session. Public for the user channel ({@code ws.user}), which
 * opens its sockets with {@link #open(URI, SslContext, int, long, EventLoop, Listener)}.
 */
public final class WebSocketSession {

    /** What happens on the socket, called on the session's event loop. */
    public interface Listener {
        /** The handshake is done: the socket is open for frames. */
        void onOpen(WebSocketSession session);

        /**
         * A text frame (or a binary one holding text), continuation frames joined, as its UTF-8
         * bytes {@code utf8[0, length)}: valid only during the call (the session reuses the array),
         * not validated (a listener that wants text decodes it, malformed sequences as U+FFFD).
         */
        void onText(WebSocketSession session, byte[] utf8, int length);

        /** A frame over the size limit was refused; with {@code socketLost} the socket closes. */
        void onOversizedFrame(WebSocketSession session, String detail, boolean socketLost);

        /** The socket is gone, for whatever reason: {@link #closeReason()} says which. */
        void onClosed(WebSocketSession session);
    }

    private static final int HANDSHAKE_RESPONSE_MAX_BYTES = 64 * 1024;

    /**
     * Frames up to this size are copied into the session's own array; larger ones into one each.
     */
    private static final int KEPT_FRAME_BUFFER_BYTES = 64 * 1024;

    private final Listener listener;
    private final int maxFrameBytes;
    private Channel channel;
    private String closeReason;
    private ReconnectCause closeCause;
    // Where a frame's bytes are copied for the listener; grows up to KEPT_FRAME_BUFFER_BYTES.
    private byte[] frameBytes = new byte[4096];

    private WebSocketSession(Listener listener, int maxFrameBytes) {
        this.listener = listener;
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * Starts connecting to {@code url} ({@code ws://} or {@code wss://}) on {@code loop}; {@link
     * Listener#onOpen} follows the handshake, {@link Listener#onClosed} any failure.
     *
     * @param sslContext for {@code wss://}; null for the JDK's default trust
     * @param timeoutMs bounds the TCP connect and, separately, the handshake
     */
    public static WebSocketSession open(
            URI url,
            SslContext sslContext,
            int maxFrameBytes,
            long timeoutMs,
            EventLoop loop,
            Listener listener) {
        Endpoint endpoint = Endpoint.of(url);
        SslContext ssl = null;
        if (endpoint.tls()) {
            try {
                ssl = sslContext != null ? sslContext : SslContextBuilder.forClient().build();
            } catch (SSLException e) {
                throw new IllegalStateException("Cannot create the TLS context", e);
            }
        }
        return open(endpoint, ssl, maxFrameBytes, timeoutMs, loop, listener);
    }

    /**
     * Starts connecting on {@code loop}; {@link Listener#onOpen} follows the handshake, {@link
     * Listener#onClosed} any failure.
     *
     * @param timeoutMs bounds the TCP connect and, separately, the handshake
     */
    static WebSocketSession open(
            Endpoint endpoint,
            SslContext sslContext,
            int maxFrameBytes,
            long timeoutMs,
            EventLoop loop,
            Listener listener) {
        WebSocketSession session = new WebSocketSession(listener, maxFrameBytes);
        session.connect(endpoint, sslContext, timeoutMs, loop);
        return session;
    }

    private void connect(Endpoint endpoint, SslContext sslContext, long timeoutMs, EventLoop loop) {
        WebSocketClientProtocolConfig wsConfig =
                WebSocketClientProtocolConfig.newBuilder()
                        .webSocketUri(endpoint.uri())
                        .version(WebSocketVersion.V13)
                        .maxFramePayloadLength(maxFrameBytes)
                        .handleCloseFrames(false)
                        // Abandoning a stale socket must not wait on a close frame it may never
                        // flush; a deliberate close writes its close frame itself.
                        .sendCloseFrame(null)
                        .dropPongFrames(true)
                        // No validating pass over every byte (it closed the socket with 1007):
                        // decoding the text turns a malformed UTF-8 sequence into U+FFFD, and a
                        // damaged id or number then fails like any malformed value.
                        .withUTF8Validator(false)
                        .handshakeTimeoutMillis(timeoutMs)
                        .customHeaders(
                                new DefaultHttpHeaders()
                                        .add(HttpHeaderNames.USER_AGENT, "polystream-ws-source"))
                        .build();
        Bootstrap bootstrap =
                new Bootstrap()
                        .group(loop)
                        .channel(NioSocketChannel.class)
                        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeoutMs)
                        .option(ChannelOption.TCP_NODELAY, true)
                        .handler(
                                new ChannelInitializer<SocketChannel>() {
                                    @Override
                                    protected void initChannel(SocketChannel ch) {
                                        ChannelPipeline p = ch.pipeline();
                                        if (sslContext != null) {
                                            p.addLast(
                                                    sslContext.newHandler(
                                                            ch.alloc(),
                                                            endpoint.host(),
                                                            endpoint.port()));
                                        }
                                        p.addLast(new HttpClientCodec());
                                        p.addLast(
                                                new HttpObjectAggregator(
                                                        HANDSHAKE_RESPONSE_MAX_BYTES));
                                        p.addLast(new WebSocketClientProtocolHandler(wsConfig));
                                        p.addLast(new WebSocketFrameAggregator(maxFrameBytes));
                                        p.addLast(new SessionFrameHandler(WebSocketSession.this));
                                    }
                                });
        ChannelFuture connecting = bootstrap.connect(endpoint.host(), endpoint.port());
        Channel ch = connecting.channel();
        channel = ch;
        // One event-loop turn later, so a failed connect has noted its cause (DNS, refused, TLS)
        // before the close is handled and logged.
        ch.closeFuture().addListener(f -> loop.execute(() -> listener.onClosed(this)));
        connecting.addListener(
                f -> {
                    if (!f.isSuccess()) {
                        noteCloseReason(
                                "connect failed: " + f.cause(), ReconnectCause.CONNECT_FAILED);
                        ch.close();
                    }
                });
    }

    // ---------------------------------------------------------------------------------------
    // Frames out and closing, on the event loop

    /** Writes and flushes one text frame. */
    public void send(String text) {
        channel.writeAndFlush(new TextWebSocketFrame(text));
    }

    /** Writes one text frame; {@link #flush()} sends what was written. */
    void write(String text) {
        channel.write(new TextWebSocketFrame(text));
    }

    void flush() {
        channel.flush();
    }

    /** Back-pressure: stop or resume reading the socket. */
    void setAutoRead(boolean read) {
        channel.config().setAutoRead(read);
    }

    public boolean isActive() {
        return channel.isActive();
    }

    /** Drops the socket at once (no close frame), noting why. */
    public void abandon(String reason, ReconnectCause cause) {
        noteCloseReason(reason, cause);
        channel.close();
    }

    /** Drops the socket at once, without a reason: nobody listens any more. */
    public void discard() {
        channel.close();
    }

    /**
     * The closing handshake: close frame 1000, then the socket closes; a socket too stale to flush
     * it is dropped after a second.
     */
    public void closeGracefully(String reason) {
        Channel ch = channel;
        closeReason = reason;
        ch.writeAndFlush(new CloseWebSocketFrame(1000, "client closing"))
                .addListener(ChannelFutureListener.CLOSE);
        ch.eventLoop().schedule(() -> ch.close(), 1, TimeUnit.SECONDS);
    }

    /** Why the socket ended (null: it just dropped). */
    public String closeReason() {
        return closeReason;
    }

    /** The cause noted with {@link #closeReason()} (null: none noted). */
    public ReconnectCause closeCause() {
        return closeCause;
    }

    // ---------------------------------------------------------------------------------------
    // From the pipeline (SessionFrameHandler)

    /** The first reason noted for a socket is the one reported when it closes. */
    void noteCloseReason(String reason, ReconnectCause cause) {
        if (closeReason == null) {
            closeReason = reason;
            closeCause = cause;
        }
    }

    void handshakeComplete() {
        listener.onOpen(this);
    }

    /** A text frame's content (UTF-8), handed to the listener as bytes. */
    void frameReceived(ByteBuf content) {
        int length = content.readableBytes();
        byte[] bytes = frameBytes;
        if (bytes.length < length) {
            bytes = new byte[length];
            if (length <= KEPT_FRAME_BUFFER_BYTES) {
                frameBytes = bytes;
            }
        }
        content.getBytes(content.readerIndex(), bytes, 0, length);
        listener.onText(this, bytes, length);
    }

    void serverClosed(int code, String reason) {
        noteCloseReason(
                "server closed " + code + (reason.isEmpty() ? "" : " " + reason),
                ReconnectCause.SERVER_CLOSED);
    }

    void oversizedFrame(String detail, boolean socketLost) {
        listener.onOversizedFrame(this, detail, socketLost);
        if (socketLost) {
            noteCloseReason(
                    "frame over " + maxFrameBytes + " bytes", ReconnectCause.OVERSIZED_FRAME);
        }
    }
}
