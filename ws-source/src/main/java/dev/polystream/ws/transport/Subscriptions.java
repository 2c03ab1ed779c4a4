package dev.polystream.ws.transport;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A connection's subscription bookkeeping: the tokens it streams, those the open socket was told
 * about, those to subscribe again for a fresh snapshot, and those subscribed by an {@code
 * operation} whose snapshot has not come. {@link #drain()} turns the differences into the next
 * operation messages. Confined to the connection's event loop.
 */
final class Subscriptions {

    /**
     * The next operation messages: one unsubscribe, one subscribe (a token to subscribe again is in
     * both); {@code fresh} are the subscribed tokens the socket never heard of.
     */
    record Operations(List<String> unsubscribe, List<String> subscribe, List<String> fresh) {
        boolean isEmpty() {
            return unsubscribe.isEmpty() && subscribe.isEmpty();
        }
    }

    private final Set<String> tokens = new LinkedHashSet<>();
    private Set<String> sentTokens = new HashSet<>();

    /** Tokens to unsubscribe and subscribe again at the next flush (fresh snapshot). */
    private final Set<String> resubscribe = new LinkedHashSet<>();

    /** Tokens subscribed by an {@code operation} message whose snapshot has not come yet. */
    private final Set<String> subscribedByOperation = new HashSet<>();

    /** The tokens streamed, in subscription order (live view). */
    Set<String> tokens() {
        return tokens;
    }

    boolean contains(String token) {
        return tokens.contains(token);
    }

    boolean isEmpty() {
        return tokens.isEmpty();
    }

    int size() {
        return tokens.size();
    }

    /**
     * @return whether the token is new
     */
    boolean add(String token) {
        return tokens.add(token);
    }

    /** The token is no longer streamed; the next flush unsubscribes it. */
    void remove(String token) {
        tokens.remove(token);
        resubscribe.remove(token);
        subscribedByOperation.remove(token);
    }

    /** Subscribe the token again at the next flush, if it is streamed. */
    void resubscribe(String token) {
        if (tokens.contains(token)) {
            resubscribe.add(token);
        }
    }

    boolean resubscribePending() {
        return !resubscribe.isEmpty();
    }

    /** The token's snapshot came (or will not come on this socket): its operation is settled. */
    void settled(String token) {
        subscribedByOperation.remove(token);
    }

    /** Whether an operation still awaits a snapshot: an {@code INVALID OPERATION} refused it. */
    boolean operationPending() {
        return !subscribedByOperation.isEmpty();
    }

    int operationsPending() {
        return subscribedByOperation.size();
    }

    /**
     * The initial subscription of a new socket carries every token, and asks for every snapshot.
     */
    Collection<String> initialSent() {
        sentTokens = new HashSet<>(tokens);
        resubscribe.clear();
        return tokens;
    }

    /** The socket is gone: it knew nothing. */
    void socketLost() {
        sentTokens = new HashSet<>();
        resubscribe.clear();
        subscribedByOperation.clear();
    }

    /**
     * What changed since the last flush, as operation messages; from now on the socket knows the
     * current tokens. A token to re-subscribe appears in both, unsubscribe first, so that the
     * server sends its snapshot again.
     */
    Operations drain() {
        List<String> add = new ArrayList<>();
        for (String token : tokens) {
            if (!sentTokens.contains(token)) {
                add.add(token);
            }
        }
        List<String> fresh = List.copyOf(add);
        List<String> remove = new ArrayList<>();
        for (String token : sentTokens) {
            if (!tokens.contains(token)) {
                remove.add(token);
            }
        }
        for (String token : resubscribe) {
            if (sentTokens.contains(token) && tokens.contains(token)) {
                remove.add(token);
                add.add(token);
            }
        }
        resubscribe.clear();
        for (String token : remove) {
            subscribedByOperation.remove(token);
        }
        subscribedByOperation.addAll(add);
        sentTokens = new HashSet<>(tokens);
        return new Operations(remove, add, fresh);
    }
}
