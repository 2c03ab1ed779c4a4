package dev.polystream.ws.testing;

import io.netty.channel.Channel;
import java.util.List;

/** A subscribed connection and the markets (condition id, YES token, NO token) it streams. */
record Listener(Channel channel, List<String[]> markets) {}
