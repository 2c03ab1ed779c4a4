package dev.polystream.ws.book;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystream.ws.PriceSource;
import dev.polystream.ws.PriceTick;
import dev.polystream.ws.protocol.BookHasher;
import dev.polystream.ws.protocol.MarketMessageParser;
import dev.polystream.ws.protocol.PriceLevel;
import dev.polystream.ws.protocol.Side;
import dev.polystream.ws.testing.Fixtures;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the market-data hot path on one thread (one core), with realistic frames: the
 * current {@code price_change} schema, compact as on the wire, two entries per message (a token and
 * its mirror) with {@code hash} and {@code best_bid}/{@code best_ask}, over 100 binary markets
 * whose books hold 20 levels a side; and the real 2026 subscribe snapshot from the fixtures. The
 * frames form a cycle that returns every book to its start, so the hashes stay right however long
 * the benchmark runs.
 *
 * <p>Run with {@code bench/feed-benchmark.sh} (see {@code BENCHMARKS.md}); never part of {@code mvn
 * verify}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Threads(1)
public class FeedBenchmark {

    static final int MARKETS = 100;
    static final int LEVELS = 20;
    static final int FRAMES = 8_192;
    static final long T0 = 1_790_000_000_000L;

    /** Generated frames and the snapshots that start their books. */
    @State(Scope.Benchmark)
    public static class Feed {
        String[] snapshots;
        // UTF-8, as the live connection hands frames over
        byte[][] priceChanges;
        String realSnapshot;

        @Setup(Level.Trial)
        public void generate() throws Exception {
            FeedGenerator generator = new FeedGenerator(new SplittableRandom(42));
            snapshots = generator.snapshots();
            String[] frames = generator.cycle(FRAMES);
            priceChanges = new byte[frames.length][];
            for (int i = 0; i < frames.length; i++) {
                priceChanges[i] = frames[i].getBytes(StandardCharsets.UTF_8);
            }
            realSnapshot =
                    new ObjectMapper()
                            .readTree(
                                    Fixtures.wsMarket(
                                            "book__initial_snapshot_with_tick_size_last_trade_price_real_2026-08__nautilus.json"))
                            .toString();
        }
    }

    /** A parser of one thread. */
    @State(Scope.Thread)
    public static class Parsing {
        MarketMessageParser parser;
        int next;

        @Setup(Level.Trial)
        public void create() {
            // What the live processor builds without entry-hash checks.
            parser = new MarketMessageParser(false);
        }
    }

    /** A processor of one thread whose books hold the snapshots. */
    @State(Scope.Thread)
    public static class Applying {
        @Param({"SNAPSHOTS", "ENTRIES"})
        HashCheck hashCheck;

        MarketFeedProcessor processor;
        int next;

        @Setup(Level.Trial)
        public void create(Feed feed) {
            processor =
                    new MarketFeedProcessor(
                            PriceSource.WS, t -> true, Options.defaults().withHashCheck(hashCheck));
            for (String snapshot : feed.snapshots) {
                processor.onFrame(snapshot, 0L);
            }
            if (processor.stats().hashMismatches() != 0) {
                throw new IllegalStateException("the generated snapshots do not verify");
            }
        }
    }

    /** {@code price_change} frames parsed into events, not applied. */
    @Benchmark
    public int parsePriceChange(Feed feed, Parsing state) {
        byte[] frame = feed.priceChanges[state.next++ & (FRAMES - 1)];
        return state.parser.parse(frame, frame.length).events().size();
    }

    /**
     * {@code price_change} frames parsed and applied: two book updates, two ticks with top of book
     * and displayed price each. With {@code ENTRIES}, also one SHA-1 of each touched book.
     */
    @Benchmark
    public List<PriceTick> applyPriceChange(Feed feed, Applying state) {
        byte[] frame = feed.priceChanges[state.next++ & (FRAMES - 1)];
        return state.processor.onFrame(frame, frame.length, 0L);
    }

    /** The real 2026 subscribe snapshot (31 levels), parsed and applied, hash verified. */
    @Benchmark
    public List<PriceTick> applySnapshot(Feed feed, Applying state) {
        return state.processor.onFrame(feed.realSnapshot, 0L);
    }

    /** One level set on a 20-level book, then the entry's top published: the book alone. */
    @Benchmark
    public boolean bookUpdate(BookState state) {
        int i = state.next++ & (BookState.CHANGES - 1);
        OrderBook book = state.book;
        book.set(state.sides[i], state.prices[i], state.sizes[i]);
        return book.updateTop(state.bids[i], state.asks[i]);
    }

    /** A 20-level book and a cycle of changes to it. */
    @State(Scope.Thread)
    public static class BookState {
        static final int CHANGES = 4_096;
        OrderBook book;
        Side[] sides = new Side[CHANGES];
        BigDecimal[] prices = new BigDecimal[CHANGES];
        BigDecimal[] sizes = new BigDecimal[CHANGES];
        BigDecimal[] bids = new BigDecimal[CHANGES];
        BigDecimal[] asks = new BigDecimal[CHANGES];
        int next;

        @Setup(Level.Trial)
        public void create() {
            book = new OrderBook("1");
            List<PriceLevel> bidLevels = new ArrayList<>();
            List<PriceLevel> askLevels = new ArrayList<>();
            for (int l = 0; l < LEVELS; l++) {
                bidLevels.add(PriceLevel.of(cents(30 + l), "100"));
                askLevels.add(PriceLevel.of(cents(70 - l), "100"));
            }
            book.replace(bidLevels, askLevels);
            SplittableRandom random = new SplittableRandom(7);
            for (int i = 0; i < CHANGES; i++) {
                boolean bid = random.nextBoolean();
                sides[i] = bid ? Side.BUY : Side.SELL;
                prices[i] =
                        new BigDecimal(
                                cents(
                                        bid
                                                ? 30 + random.nextInt(LEVELS)
                                                : 51 + random.nextInt(LEVELS)));
                sizes[i] =
                        new BigDecimal(
                                random.nextInt(5) == 0 ? "0" : random.nextInt(1, 900) + ".5");
                bids[i] = new BigDecimal("0.49");
                asks[i] = new BigDecimal("0.51");
            }
        }
    }

    static String cents(int cents) {
        return String.format("0.%02d", cents);
    }

    /**
     * Writes the frames: snapshots of 100 binary markets (YES books, NO books mirrored), then a
     * cycle of price changes whose second half undoes the first, so the books end where they
     * started and every hash stays right on every lap.
     */
    static final class FeedGenerator {
        private final SplittableRandom random;
        private final String[] markets = new String[MARKETS];
        private final String[] yes = new String[MARKETS];
        private final String[] no = new String[MARKETS];
        // book per token: side -> price -> size
        private final List<TreeMap<BigDecimal, BigDecimal>> bids = new ArrayList<>();
        private final List<TreeMap<BigDecimal, BigDecimal>> asks = new ArrayList<>();

        FeedGenerator(SplittableRandom random) {
            this.random = random;
            for (int m = 0; m < MARKETS; m++) {
                markets[m] = "0x" + String.format("%064x", 0xc0ffeeL * (m + 1));
                // 77-78 digit decimal token ids, as live
                yes[m] = "7" + String.format("%076d", m * 2L);
                no[m] = "7" + String.format("%076d", m * 2L + 1);
                TreeMap<BigDecimal, BigDecimal> yesBids = new TreeMap<>();
                TreeMap<BigDecimal, BigDecimal> yesAsks = new TreeMap<>();
                TreeMap<BigDecimal, BigDecimal> noBids = new TreeMap<>();
                TreeMap<BigDecimal, BigDecimal> noAsks = new TreeMap<>();
                for (int l = 0; l < LEVELS; l++) {
                    BigDecimal bid = new BigDecimal(cents(30 + l));
                    BigDecimal ask = new BigDecimal(cents(70 - l));
                    BigDecimal bidSize = size();
                    BigDecimal askSize = size();
                    yesBids.put(bid, bidSize);
                    yesAsks.put(ask, askSize);
                    noAsks.put(BigDecimal.ONE.subtract(bid), bidSize);
                    noBids.put(BigDecimal.ONE.subtract(ask), askSize);
                }
                bids.add(yesBids);
                asks.add(yesAsks);
                bids.add(noBids);
                asks.add(noAsks);
            }
        }

        private BigDecimal size() {
            return new BigDecimal(random.nextInt(1, 5_000) + "." + random.nextInt(10, 100));
        }

        String[] snapshots() {
            String[] frames = new String[MARKETS];
            for (int m = 0; m < MARKETS; m++) {
                frames[m] = "[" + book(m, 0, T0) + "," + book(m, 1, T0) + "]";
            }
            return frames;
        }

        private String book(int m, int outcome, long ts) {
            int b = m * 2 + outcome;
            String token = outcome == 0 ? yes[m] : no[m];
            List<PriceLevel> bidLevels = levels(bids.get(b), false);
            List<PriceLevel> askLevels = levels(asks.get(b), true);
            String hash =
                    BookHasher.hash(
                            markets[m],
                            token,
                            ts,
                            bidLevels,
                            askLevels,
                            "5",
                            new BigDecimal("0.01"),
                            false,
                            null);
            return "{\"market\":\""
                    + markets[m]
                    + "\",\"asset_id\":\""
                    + token
                    + "\",\"timestamp\":\""
                    + ts
                    + "\",\"hash\":\""
                    + hash
                    + "\",\"bids\":"
                    + json(bidLevels)
                    + ",\"asks\":"
                    + json(askLevels)
                    + ",\"tick_size\":\"0.01\",\"event_type\":\"book\",\"last_trade_price\":\"\"}";
        }

        private static List<PriceLevel> levels(
                TreeMap<BigDecimal, BigDecimal> side, boolean descending) {
            List<PriceLevel> levels = new ArrayList<>();
            (descending ? side.descendingMap() : side)
                    .forEach((p, s) -> levels.add(new PriceLevel(p, s)));
            return levels;
        }

        private static String json(List<PriceLevel> levels) {
            StringBuilder out = new StringBuilder("[");
            for (PriceLevel l : levels) {
                if (out.length() > 1) {
                    out.append(',');
                }
                out.append("{\"price\":\"")
                        .append(l.price().toPlainString())
                        .append("\",\"size\":\"")
                        .append(l.size().toPlainString())
                        .append("\"}");
            }
            return out.append(']').toString();
        }

        /** {@code n} price changes; the second half undoes the first in reverse. */
        String[] cycle(int n) {
            String[] frames = new String[n];
            int half = n / 2;
            int[] market = new int[half];
            boolean[] yesBid = new boolean[half];
            BigDecimal[] price = new BigDecimal[half];
            BigDecimal[] before = new BigDecimal[half];
            long ts = T0;
            for (int i = 0; i < half; i++) {
                market[i] = random.nextInt(MARKETS);
                yesBid[i] = random.nextBoolean();
                price[i] =
                        new BigDecimal(
                                cents(
                                        yesBid[i]
                                                ? 30 + random.nextInt(LEVELS)
                                                : 51 + random.nextInt(LEVELS)));
                TreeMap<BigDecimal, BigDecimal> side = (yesBid[i] ? bids : asks).get(market[i] * 2);
                before[i] = side.getOrDefault(price[i], BigDecimal.ZERO);
                BigDecimal size = random.nextInt(6) == 0 ? BigDecimal.ZERO : size();
                frames[i] = change(market[i], yesBid[i], price[i], size, ++ts);
            }
            for (int i = half - 1; i >= 0; i--) {
                frames[n - 1 - i] = change(market[i], yesBid[i], price[i], before[i], ++ts);
            }
            return frames;
        }

        private String change(int m, boolean yesBid, BigDecimal price, BigDecimal size, long ts) {
            Side yesSide = yesBid ? Side.BUY : Side.SELL;
            BigDecimal mirror = BigDecimal.ONE.subtract(price);
            set(m * 2, yesSide, price, size);
            set(m * 2 + 1, yesSide.opposite(), mirror, size);
            return "{\"market\":\""
                    + markets[m]
                    + "\",\"price_changes\":["
                    + entry(m, 0, price, size, yesSide, ts)
                    + ","
                    + entry(m, 1, mirror, size, yesSide.opposite(), ts)
                    + "],\"timestamp\":\""
                    + ts
                    + "\",\"event_type\":\"price_change\"}";
        }

        private void set(int b, Side side, BigDecimal price, BigDecimal size) {
            TreeMap<BigDecimal, BigDecimal> levels = (side == Side.BUY ? bids : asks).get(b);
            if (size.signum() == 0) {
                levels.remove(price);
            } else {
                levels.put(price, size);
            }
        }

        private String entry(
                int m, int outcome, BigDecimal price, BigDecimal size, Side side, long ts) {
            int b = m * 2 + outcome;
            String token = outcome == 0 ? yes[m] : no[m];
            TreeMap<BigDecimal, BigDecimal> bidSide = bids.get(b);
            TreeMap<BigDecimal, BigDecimal> askSide = asks.get(b);
            String hash =
                    BookHasher.hash(
                            markets[m],
                            token,
                            ts,
                            levels(bidSide, false),
                            levels(askSide, true),
                            "5",
                            new BigDecimal("0.01"),
                            false,
                            null);
            return "{\"asset_id\":\""
                    + token
                    + "\",\"price\":\""
                    + price.toPlainString()
                    + "\",\"size\":\""
                    + size.toPlainString()
                    + "\",\"side\":\""
                    + side
                    + "\",\"hash\":\""
                    + hash
                    + "\",\"best_bid\":\""
                    + (bidSide.isEmpty() ? "0" : bidSide.lastKey().toPlainString())
                    + "\",\"best_ask\":\""
                    + (askSide.isEmpty() ? "1" : askSide.firstKey().toPlainString())
                    + "\"}";
        }
    }
}
