package dev.polystream.ws.testing;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fake server in firehose mode, for benchmarks: current-schema {@code price_change} frames (the
 * YES entry and its mirrored NO entry, with {@code best_bid}/{@code best_ask}, exchange time now)
 * at a steady total rate, spread round-robin over every market a client subscribed. A frame is only
 * written while the client's socket keeps up ({@link Channel#isWritable()}); one that finds the
 * socket backed up is counted as {@link #dropped()}: the measure of back-pressure.
 *
 * <p>Frames carry no {@code hash}: computing the SHA-1 of each book at these rates would measure
 * the fake, not the client. Each market's top takes a random walk within [0.05, 0.95].
 */
public final class Firehose implements AutoCloseable {

    private final FakePolymarketServer server;
    private final double perNano;
    private final long startNanos = System.nanoTime();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final SplittableRandom random = new SplittableRandom(42);
    private final ScheduledFuture<?> task;
    private List<Listener> listeners = List.of();
    private long listenersAtNanos;
    private int[] bids = new int[0];
    private int cursor;

    private Firehose(FakePolymarketServer server, int messagesPerSecond) {
        this.server = server;
        this.perNano = messagesPerSecond / 1e9;
        this.task = server.eventLoop().scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.MILLISECONDS);
    }

    /** Starts sending {@code messagesPerSecond} frames in total to every subscribed client. */
    public static Firehose start(FakePolymarketServer server, int messagesPerSecond) {
        if (messagesPerSecond <= 0) {
            throw new IllegalArgumentException("messagesPerSecond must be positive");
        }
        return new Firehose(server, messagesPerSecond);
    }

    /** Frames written so far. */
    public long sent() {
        return sent.get();
    }

    /** Frames not written because the client was not reading fast enough. */
    public long dropped() {
        return dropped.get();
    }

    private void tick() {
        long now = System.nanoTime();
        if (now - listenersAtNanos > 100_000_000L) {
            listeners = server.listenersOnLoop();
            listenersAtNanos = now;
            int markets = listeners.stream().mapToInt(l -> l.markets().size()).sum();
            if (bids.length != markets) {
                bids = new int[markets];
                for (int i = 0; i < markets; i++) {
                    bids[i] = FirehoseFrames.firstBid(random);
                }
            }
        }
        if (bids.length == 0) {
            return;
        }
        long due = (long) ((now - startNanos) * perNano) - sent.get() - dropped.get();
        Set<Channel> written = new HashSet<>();
        long ts = System.currentTimeMillis();
        for (long n = 0; n < due; n++) {
            cursor = (cursor + 1) % bids.length;
            int index = cursor;
            Listener target = null;
            String[] market = null;
            for (Listener l : listeners) {
                if (index < l.markets().size()) {
                    target = l;
                    market = l.markets().get(index);
                    break;
                }
                index -= l.markets().size();
            }
            if (target == null) {
                continue;
            }
            if (!target.channel().isWritable()) {
                dropped.incrementAndGet();
                continue;
            }
            target.channel().write(new TextWebSocketFrame(frame(market, cursor, ts)));
            written.add(target.channel());
            sent.incrementAndGet();
        }
        for (Channel c : written) {
            c.flush();
        }
    }

    private String frame(String[] market, int index, long ts) {
        return FirehoseFrames.frame(random, bids, market, index, ts);
    }

    @Override
    public void close() {
        task.cancel(false);
    }

    /** For tests: the frames a firehose would send now for one market (no socket involved). */
    static List<String> sample(String[] market, int count) {
        Firehose f = new Firehose();
        List<String> frames = new ArrayList<>();
        f.bids = new int[] {50};
        for (int i = 0; i < count; i++) {
            frames.add(f.frame(market, 0, 1_790_000_000_000L + i));
        }
        return frames;
    }

    private Firehose() {
        this.server = null;
        this.perNano = 0;
        this.task = null;
    }
}
