package dev.polystream.ws.testing;

import java.util.SplittableRandom;

/**
 * Builds the firehose's current-schema {@code price_change} frame: a resting order at a random
 * level near the market's top and its mirrored order on the NO book, with {@code best_bid}/{@code
 * best_ask}, no {@code hash}. The top (the YES bid in cents) takes a random walk within [0.05,
 * 0.95]; the caller keeps it, one slot per market. Shared by {@link Firehose} and {@link
 * WholeFeed}.
 */
final class FirehoseFrames {

    private FirehoseFrames() {}

    /** A first YES bid in cents for a new market: between 0.30 and 0.69. */
    static int firstBid(SplittableRandom random) {
        return 30 + random.nextInt(40);
    }

    /** One frame for {@code market} (condition id, YES, NO); moves {@code bids[index]}. */
    static String frame(SplittableRandom random, int[] bids, String[] market, int index, long ts) {
        int bid = Math.max(5, Math.min(93, bids[index] + random.nextInt(3) - 1));
        bids[index] = bid;
        int ask = bid + 1 + random.nextInt(2);
        boolean buy = random.nextBoolean();
        int level = buy ? bid - random.nextInt(3) : ask + random.nextInt(3);
        String size = (1 + random.nextInt(5000)) + "." + random.nextInt(10) + random.nextInt(10);
        StringBuilder b = new StringBuilder(420);
        b.append("{\"market\":\"").append(market[0]).append("\",\"price_changes\":[");
        entry(b, market[1], level, size, buy ? "BUY" : "SELL", bid, ask);
        b.append(',');
        entry(b, market[2], 100 - level, size, buy ? "SELL" : "BUY", 100 - ask, 100 - bid);
        b.append("],\"timestamp\":\"").append(ts).append("\",\"event_type\":\"price_change\"}");
        return b.toString();
    }

    private static void entry(
            StringBuilder b, String token, int cents, String size, String side, int bid, int ask) {
        b.append("{\"asset_id\":\"").append(token).append("\",\"price\":\"");
        price(b, cents).append("\",\"size\":\"").append(size).append("\",\"side\":\"").append(side);
        b.append("\",\"best_bid\":\"");
        price(b, bid).append("\",\"best_ask\":\"");
        price(b, ask).append("\"}");
    }

    private static StringBuilder price(StringBuilder b, int cents) {
        return b.append("0.").append(cents < 10 ? "0" : "").append(cents);
    }
}
