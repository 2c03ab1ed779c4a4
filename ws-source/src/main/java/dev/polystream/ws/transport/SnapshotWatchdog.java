package dev.polystream.ws.transport;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tokens subscribed on the open socket whose snapshot has not come, and since when. Live, some
 * subscriptions never get a first event (NT #4901); subscribing again rescues about half. After
 * {@link #SNAPSHOT_RETRIES} attempts on a socket a token is left to the REST fallback until the
 * next socket. Confined to the connection's event loop; times in {@link System#nanoTime()}.
 */
final class SnapshotWatchdog {

    /** Re-subscriptions per token per socket when its snapshot does not come. */
    static final int SNAPSHOT_RETRIES = 2;

    private final long timeoutNanos;
    private final Map<String, Long> awaitingSnapshot = new HashMap<>();
    private final Map<String, Integer> snapshotRetries = new HashMap<>();

    SnapshotWatchdog(MarketChannelConfig config) {
        this.timeoutNanos = config.snapshotTimeout().toNanos();
    }

    /** A new socket asked for every snapshot: no retries spent yet. */
    void newSocket(Collection<String> tokens, long now) {
        awaitingSnapshot.clear();
        snapshotRetries.clear();
        for (String token : tokens) {
            awaitingSnapshot.put(token, now);
        }
    }

    /** The token was just subscribed on the open socket. */
    void awaiting(String token, long now) {
        awaitingSnapshot.put(token, now);
    }

    void arrived(String token) {
        awaitingSnapshot.remove(token);
    }

    void forget(String token) {
        awaitingSnapshot.remove(token);
        snapshotRetries.remove(token);
    }

    void socketLost() {
        awaitingSnapshot.clear();
    }

    boolean anyAwaiting() {
        return !awaitingSnapshot.isEmpty();
    }

    /** Tokens whose snapshot is overdue. */
    List<String> late(long now) {
        List<String> late = new ArrayList<>();
        awaitingSnapshot.forEach(
                (token, since) -> {
                    if (now - since > timeoutNanos) {
                        late.add(token);
                    }
                });
        return late;
    }

    /**
     * A late token: spends one of its retries (it awaits its snapshot again from now), or, with
     * none left, stops waiting for it.
     *
     * @return true to subscribe it again, false to give up on it on this socket
     */
    boolean retry(String token, long now) {
        int retries = snapshotRetries.getOrDefault(token, 0);
        if (retries < SNAPSHOT_RETRIES) {
            snapshotRetries.put(token, retries + 1);
            awaitingSnapshot.put(token, now);
            return true;
        }
        awaitingSnapshot.remove(token);
        return false;
    }
}
