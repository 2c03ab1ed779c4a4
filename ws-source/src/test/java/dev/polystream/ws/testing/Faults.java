package dev.polystream.ws.testing;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * The failures a test has switched on: a frozen feed or token, unanswered or late pings, wrong
 * hashes, other frame shapes, refused operations, connections or REST, a snapshot cap. Event loop
 * only, except {@link #refuseConnections} (read on the I/O path).
 */
final class Faults {
    /** The silent freeze of §7: no market data at all. */
    boolean frozen;

    boolean answerPings = true;
    Duration pongDelay = Duration.ZERO;

    /** Tokens whose market data stops until a client unsubscribes them (then re-subscribes). */
    final Set<String> frozenTokens = new HashSet<>();

    final Set<String> corruptHashTokens = new HashSet<>();
    boolean arrayFrames;
    boolean unknownEvents;
    boolean legacySchema;
    boolean rejectOperations;
    boolean restAvailable = true;
    volatile boolean refuseConnections;
    int snapshotCap;

    Faults(int snapshotCap) {
        this.snapshotCap = snapshotCap;
    }

    boolean frozen(String token) {
        return frozenTokens.contains(token);
    }

    boolean corruptHash(String token) {
        return corruptHashTokens.contains(token);
    }

    void freezeToken(String token, boolean frozen) {
        toggle(frozenTokens, token, frozen);
    }

    void corruptHashes(String token, boolean corrupt) {
        toggle(corruptHashTokens, token, corrupt);
    }

    private static void toggle(Set<String> tokens, String token, boolean on) {
        if (on) {
            tokens.add(token);
        } else {
            tokens.remove(token);
        }
    }
}
