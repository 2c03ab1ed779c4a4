package dev.polystream.ws.transport;

import dev.polystream.ws.PriceTick;
import dev.polystream.ws.protocol.FrameKind;
import dev.polystream.ws.protocol.MarketMessageParser;
import dev.polystream.ws.protocol.MarketSubscription;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The market channel's protocol on one open socket of a {@link MarketConnection}: the initial
 * subscription as the first frame, text {@code PING}s, frames in (control strings, data for the
 * feed processor), the liveness and snapshot watchdogs, and subscribe/unsubscribe changes batched
 * into operation messages. Lives from the handshake to the socket's end; confined to the
 * connection's event loop.
 */
final class OpenSocket {

    private static final Logger LOG = LoggerFactory.getLogger(MarketConnection.class);

    private final MarketConnection connection;
    private final WebSocketSession session;
    private final MarketChannelConfig config;
    private final Subscriptions subscriptions;
    private final int id;
    private ScheduledFuture<?> pingTask;
    private ScheduledFuture<?> watchdogTask;
    private ScheduledFuture<?> flushTask;
    private boolean stopped;

    OpenSocket(MarketConnection connection, WebSocketSession session) {
        this.connection = connection;
        this.session = session;
        this.config = connection.config;
        this.subscriptions = connection.subscriptions;
        this.id = connection.id();
    }

    /** Sends the initial subscription and starts the heartbeat and the watchdog. */
    void start(boolean paused) {
        long now = System.nanoTime();
        connection.liveness.restart(now);
        session.send(MarketSubscription.initial(subscriptions.initialSent()));
        connection.snapshots.newSocket(subscriptions.tokens(), now);
        long pingMs = config.pingInterval().toMillis();
        pingTask =
                connection.loop.scheduleAtFixedRate(
                        this::ping, pingMs, pingMs, TimeUnit.MILLISECONDS);
        long checkMs = ConnectionTiming.watchdogPeriodMs(config);
        watchdogTask =
                connection.loop.scheduleAtFixedRate(
                        this::watchdog, checkMs, checkMs, TimeUnit.MILLISECONDS);
        if (paused) {
            session.setAutoRead(false);
        }
    }

    /**
     * A text frame's UTF-8 bytes, valid during the call: control strings for the heartbeat,
     * everything to the feed processor.
     */
    void onFrame(byte[] utf8, int length) {
        long receivedAtMs = System.currentTimeMillis();
        FrameKind control = MarketMessageParser.controlFrame(utf8, length);
        if (control == FrameKind.PONG) {
            connection.liveness.pong();
        } else if (control == null) {
            connection.liveness.data(System.nanoTime());
        }
        boolean refused =
                control == FrameKind.INVALID_OPERATION && subscriptions.operationPending();
        List<PriceTick> ticks = connection.onFrame(utf8, length, receivedAtMs);
        if (!ticks.isEmpty()) {
            connection.client.deliver(ticks);
        }
        if (refused && !stopped) {
            abandon(
                    "INVALID OPERATION while "
                            + subscriptions.operationsPending()
                            + " subscribed tokens"
                            + " await their snapshot",
                    ReconnectCause.SUBSCRIPTION_REFUSED);
            return;
        }
        if (subscriptions.resubscribePending()) {
            scheduleFlush();
        }
    }

    /** Back-pressure on this socket. */
    void setAutoRead(boolean read) {
        session.setAutoRead(read);
    }

    /** Changes go out after {@code subscribeBatchDelay}, together with any that follow. */
    void scheduleFlush() {
        if (stopped || flushTask != null) {
            return;
        }
        flushTask =
                connection.loop.schedule(
                        this::flush,
                        config.subscribeBatchDelay().toMillis(),
                        TimeUnit.MILLISECONDS);
    }

    /** Stops the heartbeat, the watchdog and pending flushes (the socket is going). */
    void stop() {
        stopped = true;
        cancel(pingTask);
        cancel(watchdogTask);
        cancel(flushTask);
        pingTask = null;
        watchdogTask = null;
        flushTask = null;
    }

    private void ping() {
        if (stopped) {
            return;
        }
        session.send(MarketSubscription.PING);
        connection.liveness.pingSent(System.nanoTime());
    }

    private void watchdog() {
        if (stopped || connection.paused()) {
            return;
        }
        long now = System.nanoTime();
        ReconnectCause dead = connection.liveness.expired(now, !subscriptions.isEmpty());
        if (dead == ReconnectCause.PONG_TIMEOUT) {
            abandon("no PONG within " + config.pongTimeout(), dead);
        } else if (dead == ReconnectCause.DATA_TIMEOUT) {
            abandon("no data for " + config.dataTimeout() + " while subscribed", dead);
        } else if (connection.snapshots.anyAwaiting()) {
            checkSnapshots(now);
        }
    }

    /** Late snapshots: subscribe again, or leave the token to the REST fallback. */
    private void checkSnapshots(long now) {
        SnapshotWatchdog snapshots = connection.snapshots;
        List<String> late = snapshots.late(now);
        for (String token : late) {
            if (snapshots.retry(token, now)) {
                subscriptions.resubscribe(token);
                connection.client.counters.snapshotRetries.incrementAndGet();
            } else {
                subscriptions.settled(token);
                connection.client.counters.snapshotsMissing.incrementAndGet();
                LOG.warn(
                        "Connection {}: no snapshot for token {} after {} subscriptions; the REST"
                                + " fallback prices it until the next socket",
                        id,
                        token,
                        SnapshotWatchdog.SNAPSHOT_RETRIES + 1);
            }
        }
        if (subscriptions.resubscribePending()) {
            LOG.info(
                    "Connection {}: subscribing {} tokens again for want of a snapshot",
                    id,
                    late.size());
            scheduleFlush();
        }
    }

    /** Gives up on a live but unhealthy socket; a brand-new one follows. */
    private void abandon(String reason, ReconnectCause cause) {
        LOG.warn("Connection {}: {}; opening a new socket", id, reason);
        stop();
        session.abandon(reason, cause);
    }

    /** Sends what changed since the last flush as one unsubscribe and one subscribe message. */
    private void flush() {
        flushTask = null;
        if (stopped) {
            return;
        }
        long now = System.nanoTime();
        Subscriptions.Operations ops = subscriptions.drain();
        for (String token : ops.fresh()) {
            connection.snapshots.awaiting(token, now);
        }
        if (!ops.unsubscribe().isEmpty()) {
            session.write(MarketSubscription.unsubscribe(ops.unsubscribe()));
        }
        if (!ops.subscribe().isEmpty()) {
            session.write(MarketSubscription.subscribe(ops.subscribe()));
        }
        session.flush();
        LOG.debug(
                "Connection {}: +{} -{} tokens",
                id,
                ops.subscribe().size(),
                ops.unsubscribe().size());
    }

    private static void cancel(ScheduledFuture<?> task) {
        if (task != null) {
            task.cancel(false);
        }
    }
}
