package dev.polystream.ws.transport;

/**
 * A snapshot of a {@link MarketChannelClient}'s counters, safe to read from any thread.
 *
 * @param connections logical connections (each holds at most {@code tokensPerConnection} tokens)
 * @param openConnections connections whose socket is open now
 * @param subscribedTokens tokens assigned to connections
 * @param frames text frames received
 * @param dataFrames frames carrying JSON market data
 * @param ticks ticks delivered to the listener
 * @param parseErrors unreadable input found in frames
 * @param reconnects sockets opened to replace a lost or failed one
 * @param pongTimeouts sockets abandoned for want of a {@code PONG}
 * @param dataTimeouts sockets abandoned for want of data while subscribed
 * @param oversizedFrames frames refused for exceeding {@code maxFrameBytes}
 */
public record ClientStats(
        int connections,
        int openConnections,
        int subscribedTokens,
        long frames,
        long dataFrames,
        long ticks,
        long parseErrors,
        long reconnects,
        long pongTimeouts,
        long dataTimeouts,
        long oversizedFrames) {}
