package dev.polystream.ws.user;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystream.ws.auth.ApiCredentials;
import dev.polystream.ws.resilience.FailureStreak;
import dev.polystream.ws.resilience.OutageLog;
import dev.polystream.ws.transport.ReconnectCause;
import dev.polystream.ws.transport.WebSocketSession;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One trader's user-channel subscription over a succession of sockets, on one event loop: opens a
 * socket, sends the {@code auth} subscription, pings, hands events to the listener, and replaces a
 * lost or silent socket after the back-off; sockets that close at once with no frame count as
 * refused credentials, and after enough of them in a row it stops for good. Log lines name the key
 * by its hint only.
 */
final class UserConnection implements UserChannelSubscription, WebSocketSession.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(UserConnection.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final UserChannelConfig config;
    private final EventLoop loop;
    private final SslContext ssl;
    private final ApiCredentials credentials;
    private final List<String> markets;
    private final UserChannelListener listener;
    private final Consumer<UserConnection> onEnd;
    private final FailureStreak streak;
    private final OutageLog outage;
    private final String name;

    private volatile boolean closed;
    private volatile boolean rejected;
    // Confined to the loop.
    private WebSocketSession session;
    private ScheduledFuture<?> pingTask;
    private ScheduledFuture<?> confirmTask;
    private ScheduledFuture<?> reconnectTask;
    private long openedAt;
    private long lastInbound;
    private boolean gotEvent;
    private boolean connected;
    private boolean everConnected;
    private int refusedInARow;

    UserConnection(
            UserChannelConfig config,
            EventLoop loop,
            SslContext ssl,
            ApiCredentials credentials,
            List<String> markets,
            UserChannelListener listener,
            Consumer<UserConnection> onEnd) {
        this.config = config;
        this.loop = loop;
        this.ssl = ssl;
        this.credentials = credentials;
        this.markets = List.copyOf(markets);
        this.listener = listener;
        this.onEnd = onEnd;
        this.streak = new FailureStreak(config.backoff(), config.healthyPeriod());
        this.name = "User channel of key " + credentials.keyHint();
        this.outage = new OutageLog(LOG, name);
    }

    void start() {
        loop.execute(this::connect);
    }

    @Override
    public boolean isOpen() {
        return !closed && !rejected;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (loop.isShuttingDown()) {
            onEnd.accept(this);
            return;
        }
        loop.execute(
                () -> {
                    cancelTimers();
                    cancel(reconnectTask);
                    if (session != null && session.isActive()) {
                        session.closeGracefully("closed by the client");
                    }
                    onEnd.accept(this);
                });
    }

    /** The subscribe frame (it holds the secret: never logged). */
    String subscribeFrame() {
        ObjectNode frame = JSON.createObjectNode();
        ObjectNode auth = frame.putObject("auth");
        auth.put("apiKey", credentials.apiKey());
        auth.put("secret", credentials.secret());
        auth.put("passphrase", credentials.passphrase());
        markets.forEach(frame.putArray("markets")::add);
        frame.put("type", "user");
        return frame.toString();
    }

    private void connect() {
        if (closed || rejected) {
            return;
        }
        gotEvent = false;
        connected = false;
        openedAt = 0;
        try {
            session =
                    WebSocketSession.open(
                            config.url(),
                            ssl,
                            config.maxFrameBytes(),
                            config.connectTimeout().toMillis(),
                            loop,
                            this);
        } catch (RuntimeException e) {
            outage.failure("cannot open a socket: " + e.getMessage());
            scheduleReconnect();
        }
    }

    @Override
    public void onOpen(WebSocketSession s) {
        if (s != session) {
            return;
        }
        if (closed) {
            s.closeGracefully("closed by the client");
            return;
        }
        openedAt = System.nanoTime();
        lastInbound = openedAt;
        s.send(subscribeFrame());
        LOG.debug("{}: socket open, subscribed to {} markets", name, markets.size());
        long pingMs = config.pingInterval().toMillis();
        pingTask = loop.scheduleAtFixedRate(() -> ping(s), pingMs, pingMs, TimeUnit.MILLISECONDS);
        confirmTask =
                loop.schedule(
                        () -> {
                            if (s == session && s.isActive()) {
                                confirmed();
                            }
                        },
                        config.authFailureWindow().toMillis(),
                        TimeUnit.MILLISECONDS);
    }

    private void ping(WebSocketSession s) {
        if (s != session || !s.isActive()) {
            return;
        }
        long silentNanos = System.nanoTime() - lastInbound;
        Duration limit = config.pingInterval().multipliedBy(3);
        if (silentNanos >= limit.toNanos()) {
            s.abandon(
                    "nothing received for " + limit.toMillis() + " ms",
                    ReconnectCause.PONG_TIMEOUT);
            return;
        }
        s.send("PING");
    }

    @Override
    public void onText(WebSocketSession s, byte[] utf8, int length) {
        if (s != session || closed) {
            return;
        }
        lastInbound = System.nanoTime();
        UserFrame frame =
                UserMessageParser.parse(new String(utf8, 0, length, StandardCharsets.UTF_8));
        if (frame.pong()) {
            return;
        }
        gotEvent = true;
        if (!connected) {
            confirmed();
        }
        for (UserOrder order : frame.orders()) {
            call(l -> l.onOrder(order));
        }
        for (UserTrade trade : frame.trades()) {
            call(l -> l.onTrade(trade));
        }
        for (String error : frame.errors()) {
            LOG.debug("{}: malformed element: {}", name, error);
            call(l -> l.onMalformed(error));
        }
    }

    @Override
    public void onOversizedFrame(WebSocketSession s, String detail, boolean socketLost) {
        if (s == session) {
            call(l -> l.onMalformed("frame over " + config.maxFrameBytes() + " bytes refused"));
        }
    }

    private void confirmed() {
        if (connected) {
            return;
        }
        connected = true;
        refusedInARow = 0;
        streak.succeeded();
        outage.answered();
        boolean again = everConnected;
        everConnected = true;
        LOG.debug("{}: connected{}", name, again ? " again" : "");
        call(l -> l.onConnected(again));
    }

    @Override
    public void onClosed(WebSocketSession s) {
        if (s != session) {
            return;
        }
        cancelTimers();
        session = null;
        if (closed) {
            return;
        }
        String reason = s.closeReason() == null ? "connection lost" : s.closeReason();
        boolean opened = openedAt != 0;
        long livedNanos = opened ? System.nanoTime() - openedAt : 0;
        if (opened && !gotEvent && livedNanos < config.authFailureWindow().toNanos()) {
            refusedInARow++;
            if (refusedInARow >= config.authFailureAttempts()) {
                rejected = true;
                LOG.warn(
                        "{}: credentials refused ({} sockets in a row closed within {} ms with no"
                                + " frame); not reconnecting",
                        name,
                        refusedInARow,
                        config.authFailureWindow().toMillis());
                call(UserChannelListener::onAuthRejected);
                onEnd.accept(this);
                return;
            }
            reason = "closed " + livedNanos / 1_000_000 + " ms after subscribing, no frame";
        }
        outage.failure(reason);
        if (connected) {
            String why = reason;
            call(l -> l.onDisconnected(why));
        }
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        if (closed || rejected || loop.isShuttingDown()) {
            return;
        }
        Duration wait = streak.failed();
        reconnectTask = loop.schedule(this::connect, wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void cancelTimers() {
        cancel(pingTask);
        cancel(confirmTask);
        pingTask = null;
        confirmTask = null;
    }

    private static void cancel(ScheduledFuture<?> task) {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void call(Consumer<UserChannelListener> event) {
        try {
            event.accept(listener);
        } catch (RuntimeException e) {
            LOG.warn("{}: the listener failed: {}", name, String.valueOf(e));
        }
    }
}
