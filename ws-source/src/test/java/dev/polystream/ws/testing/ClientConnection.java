package dev.polystream.ws.testing;

import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One client's WebSocket connection to the fake server and what it subscribed. */
final class ClientConnection {
    final int id;
    final Channel channel;
    final Set<String> tokens = new LinkedHashSet<>();
    boolean subscribed;
    boolean customFeatures;
    boolean initialDump = true;

    ClientConnection(int id, Channel channel) {
        this.id = id;
        this.channel = channel;
    }

    /** Adds tokens; returns those that were new on this connection. */
    List<String> add(Collection<String> added) {
        List<String> fresh = new ArrayList<>();
        for (String token : added) {
            if (tokens.add(token)) {
                fresh.add(token);
            }
        }
        return fresh;
    }
}
