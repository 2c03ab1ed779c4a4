package dev.polystream.bench;

import static dev.polystream.ws.testing.FakePolymarketServer.levels;

import dev.polystream.ws.PriceTick;
import dev.polystream.ws.testing.FakePolymarketServer;
import dev.polystream.ws.testing.Firehose;
import dev.polystream.ws.transport.MarketChannelClient;
import dev.polystream.ws.transport.MarketChannelConfig;
import dev.polystream.ws.transport.MarketChannelListener;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * The client alone: the fake server's firehose on loopback into one connection, read in turn by a
 * bare Netty WebSocket client that only counts frames ({@link BareFrameCounter}) and by {@code
 * MarketChannelClient} with parsing and books on (ticks counted), same server, same frames, one
 * connection each, alternating for a few rounds. The firehose is offered far above what either
 * reads, so each figure is what the reader sustains (the server drops what a full socket refuses).
 *
 * <pre>
 * bench/client-benchmark.sh [--tokens 400] [--rate 2000000] [--seconds 5] [--rounds 3]
 *                           [--warmup-rounds 1]
 * </pre>
 */
public final class ClientBenchmark {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /**
     * One measured phase: frames/s read, ticks/s (client only), the firehose's drops/s, and the CPU
     * time the reader's event-loop thread spent per frame (what the machine's other load barely
     * changes: the fairer comparison on a shared machine).
     */
    record Phase(
            String reader,
            double framesPerSecond,
            double ticksPerSecond,
            double dropped,
            double cpuNanosPerFrame) {}

    /** One round: the bare baseline, then the client. */
    record Round(Phase bare, Phase client) {

        double ratio() {
            return client.framesPerSecond() / bare.framesPerSecond();
        }

        /** Frames the client reads per CPU second, as a share of the bare reader's. */
        double cpuRatio() {
            return bare.cpuNanosPerFrame() / client.cpuNanosPerFrame();
        }
    }

    private ClientBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int tokens = Integer.parseInt(options.getOrDefault("tokens", "400"));
        int rate = Integer.parseInt(options.getOrDefault("rate", "2000000"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "5"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup-rounds", "1"));
        List<Round> result = run(tokens, rate, seconds, warmup, rounds);
        String report = report(result, tokens, rate, seconds);
        System.out.println(report);
        Path out = Path.of(options.getOrDefault("out", "target/client-benchmark.md"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.println("Written to " + out.toAbsolutePath());
    }

    /**
     * {@code warmup} rounds first (printed, not returned: the JIT compiles both readers and the
     * server), then {@code rounds} measured ones.
     */
    static List<Round> run(int tokens, int rate, int seconds, int warmup, int rounds)
            throws Exception {
        List<Round> result = new ArrayList<>();
        try (FakePolymarketServer server = FakePolymarketServer.start()) {
            List<String> ids = list(server, tokens);
            for (int r = 0; r < warmup + rounds; r++) {
                Phase bare = bare(server, ids, rate, seconds);
                Phase client = client(server, ids, rate, seconds);
                Round round = new Round(bare, client);
                System.out.println((r < warmup ? "warm-up " : "") + row(r + 1 - warmup, round));
                if (r >= warmup) {
                    result.add(round);
                }
            }
        }
        return result;
    }

    /** Lists {@code tokens / 2} binary markets; returns their tokens. */
    private static List<String> list(FakePolymarketServer server, int tokens) {
        List<String> ids = new ArrayList<>();
        for (int m = 0; m < tokens / 2; m++) {
            String yes = Long.toString(8_000_000_000L + 2L * m);
            String no = Long.toString(8_000_000_001L + 2L * m);
            server.addBinaryMarket(
                    String.format(Locale.ROOT, "0x%064x", m + 1),
                    yes,
                    no,
                    levels("0.49", "100", "0.48", "200"),
                    levels("0.51", "100", "0.52", "200"));
            ids.add(yes);
            ids.add(no);
        }
        return ids;
    }

    private static Phase bare(FakePolymarketServer server, List<String> ids, int rate, int seconds)
            throws Exception {
        try (BareFrameCounter bare = new BareFrameCounter(server.wsUrl(), ids)) {
            server.awaitSubscribed(ids.get(ids.size() - 1), WAIT);
            return measure(server, "bare-ws", bare::frames, () -> 0, rate, seconds);
        } finally {
            server.awaitConnections(0, WAIT);
        }
    }

    private static Phase client(
            FakePolymarketServer server, List<String> ids, int rate, int seconds) throws Exception {
        LongAdder ticks = new LongAdder();
        MarketChannelListener counting =
                new MarketChannelListener() {
                    @Override
                    public void onTicks(List<PriceTick> batch) {
                        ticks.add(batch.size());
                    }
                };
        MarketChannelConfig config =
                MarketChannelConfig.defaults(server.wsUrl()).toBuilder()
                        .tokensPerConnection(ids.size())
                        .build();
        try (MarketChannelClient client =
                MarketChannelClient.builder(config)
                        .listener(counting)
                        .restFallback(false)
                        .build()) {
            client.subscribe(ids);
            client.start();
            server.awaitSubscribed(ids.get(ids.size() - 1), WAIT);
            return measure(
                    server,
                    "polymarket-ws",
                    () -> client.stats().frames(),
                    ticks::sum,
                    rate,
                    seconds);
        } finally {
            server.awaitConnections(0, WAIT);
        }
    }

    /**
     * One second of warm-up, then {@code seconds} measured; {@code reader} is the name prefix of
     * the reader's event-loop threads.
     */
    private static Phase measure(
            FakePolymarketServer server,
            String reader,
            LongSupplier frames,
            LongSupplier ticks,
            int rate,
            int seconds)
            throws InterruptedException {
        try (Firehose firehose = Firehose.start(server, rate)) {
            Thread.sleep(1_000);
            long f0 = frames.getAsLong();
            long t0 = ticks.getAsLong();
            long d0 = firehose.dropped();
            long c0 = cpuNanos(reader);
            long start = System.nanoTime();
            Thread.sleep(seconds * 1_000L);
            double elapsed = (System.nanoTime() - start) / 1e9;
            long read = frames.getAsLong() - f0;
            return new Phase(
                    reader,
                    read / elapsed,
                    (ticks.getAsLong() - t0) / elapsed,
                    (firehose.dropped() - d0) / elapsed,
                    (cpuNanos(reader) - c0) / (double) Math.max(1, read));
        }
    }

    /** CPU time of the live threads whose name starts with {@code prefix}. */
    private static long cpuNanos(String prefix) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(prefix)) {
                sum += Math.max(0, threads.getThreadCpuTime(t.getId()));
            }
        }
        return sum;
    }

    static String report(List<Round> rounds, int tokens, int rate, int seconds) {
        StringBuilder b = new StringBuilder();
        b.append(
                String.format(
                        Locale.ROOT,
                        "Client alone: %d tokens on one connection, firehose offered %,d frames/s,"
                                + " %d s measured per phase after 1 s of warm-up, after warm-up"
                                + " rounds%n",
                        tokens,
                        rate,
                        seconds));
        b.append("Machine: ").append(Machine.describe());
        b.append(", load average ").append(Machine.loadAverage()).append('\n');
        b.append(
                "\n| round | bare Netty frames/s | client frames/s | client ticks/s | client/bare"
                        + " | bare CPU µs/frame | client CPU µs/frame | client/bare per CPU s |\n");
        b.append("|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < rounds.size(); i++) {
            b.append(row(i + 1, rounds.get(i))).append('\n');
        }
        if (!rounds.isEmpty()) {
            b.append(
                    String.format(
                            Locale.ROOT,
                            "%nMedian client/bare: %.0f %% of the frames/s, %.0f %% per CPU second%n",
                            100 * median(rounds, Round::ratio),
                            100 * median(rounds, Round::cpuRatio)));
        }
        return b.toString();
    }

    private static double median(List<Round> rounds, ToDoubleFunction<Round> value) {
        double[] values = rounds.stream().mapToDouble(value).sorted().toArray();
        return values[values.length / 2];
    }

    private static String row(int round, Round r) {
        return String.format(
                Locale.ROOT,
                "| %d | %,.0f | %,.0f | %,.0f | %.0f %% | %.2f | %.2f | %.0f %% |",
                round,
                r.bare().framesPerSecond(),
                r.client().framesPerSecond(),
                r.client().ticksPerSecond(),
                100 * r.ratio(),
                r.bare().cpuNanosPerFrame() / 1000,
                r.client().cpuNanosPerFrame() / 1000,
                100 * r.cpuRatio());
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("Expected --option value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}
