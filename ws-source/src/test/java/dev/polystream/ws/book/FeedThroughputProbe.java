package dev.polystream.ws.book;

import com.sun.management.ThreadMXBean;
import dev.polystream.ws.PriceSource;
import dev.polystream.ws.protocol.MarketMessageParser;
import java.lang.management.ManagementFactory;
import java.util.function.ToIntFunction;

/**
 * A rough single-thread throughput probe for the hot path (current-schema {@code price_change} with
 * a YES and a NO entry, 100 markets), not a test. Run from the module directory:
 *
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -XX:+UseParallelGC -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     dev.polystream.ws.book.FeedThroughputProbe
 * </pre>
 *
 * A JMH benchmark should replace it once the numbers matter more than their order of magnitude.
 */
public final class FeedThroughputProbe {

    private static final int FRAMES = 4096;

    public static void main(String[] args) {
        String[] frames = frames();
        MarketFeedProcessor processor = new MarketFeedProcessor(PriceSource.WS, t -> true);
        MarketMessageParser parser = new MarketMessageParser(false);
        run("parse", frames, f -> parser.parse(f).events().size());
        run("parse+apply", frames, f -> processor.onFrame(f, 0L).size());
    }

    private static void run(String name, String[] frames, ToIntFunction<String> work) {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int round = 0; round < 6; round++) {
            int n = 2_000_000;
            long allocated = threads.getCurrentThreadAllocatedBytes();
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += work.applyAsInt(frames[i & (FRAMES - 1)]);
            }
            long nanos = System.nanoTime() - start;
            long bytes = threads.getCurrentThreadAllocatedBytes() - allocated;
            System.out.printf(
                    "%-12s round %d: %,9.0f frames/s, %,5d ns/frame, %,5d B/frame%n",
                    name, round, n * 1e9 / nanos, nanos / n, bytes / n);
        }
        if (sink == 42) {
            System.out.println();
        }
    }

    private static String[] frames() {
        String[] frames = new String[FRAMES];
        for (int i = 0; i < FRAMES; i++) {
            String yes = "1" + "0".repeat(70) + String.format("%06d", i % 100 * 2);
            String no = "1" + "0".repeat(70) + String.format("%06d", i % 100 * 2 + 1);
            int p = 40 + i % 10;
            String size = (i % 500) + ".68";
            frames[i] =
                    "{\"market\":\"0x033c902c275135d46fd970ad8f6604324a348066b5cfbe7b3c1c91abb047afc0\","
                            + "\"price_changes\":["
                            + entry(yes, "0." + p, size, "BUY")
                            + ","
                            + entry(no, "0." + (100 - p), size, "SELL")
                            + "],\"timestamp\":\"1776685885367\",\"event_type\":\"price_change\"}";
        }
        return frames;
    }

    private static String entry(String token, String price, String size, String side) {
        return "{\"asset_id\":\""
                + token
                + "\",\"price\":\""
                + price
                + "\",\"size\":\""
                + size
                + "\",\"side\":\""
                + side
                + "\",\"hash\":\"6de56a14f540f6f422cac3cbcf1fbf54162e6997\","
                + "\"best_bid\":\"0.49\",\"best_ask\":\"0.51\"}";
    }
}
