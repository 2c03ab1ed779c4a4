package dev.polystream.bench;

import static dev.polystream.ws.testing.FakePolymarketServer.levels;

import dev.polystream.job.testutils.LiveJobHarness;
import dev.polystream.ws.testing.Firehose;
import dev.polystream.ws.testing.WholeFeed;
import dev.polystream.ws.testing.WholeFeedModel;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The end-to-end benchmark: the fake Polymarket server in firehose mode at rising rates over a
 * number of tokens, the live job on a MiniCluster in this JVM, real PostgreSQL and Kafka. For each
 * step it reports what was offered and delivered, back-pressure (frames the server could not write
 * because the job was not reading), the job's frames and rows per table per second, tick-to-commit
 * and end-of-second-to-commit latency, and heap after a GC.
 *
 * <pre>
 * bench/e2e-benchmark.sh [--tokens 100,1000,20000] [--rates 10000,50000,100000,200000]
 *                        [--seconds 20] [--parallelism 1] [--sink-parallelism N]
 *                        [--zipf 1.1] [--rest-port 0]
 *                        [--conf sink.batch-size=20000,sink.batch-interval=500 ms]
 * </pre>
 *
 * <p>With {@code --zipf} the exchange plays the whole feed ({@link WholeFeed}, no catalogue events)
 * instead of the round-robin firehose: the rate is still frames/s, spread over the tokens with
 * Zipf-tailed activity of that exponent. {@code --conf} passes more job keys ({@code key=value},
 * comma-separated).
 */
public final class EndToEndBenchmark {

    /** One measured step. */
    record Step(
            int tokens,
            int offered,
            double delivered,
            double droppedShare,
            double framesPerSecond,
            double barsRowsPerSecond,
            double tokenPricesRowsPerSecond,
            double marketsRowsPerSecond,
            double positionsRowsPerSecond,
            double tickToCommitP50,
            double tickToCommitP99,
            double secondEndP50,
            double secondEndP99,
            long lateTicks,
            long heapUsedMb,
            int sockets,
            int maxTokensPerSocket,
            double databaseMbPerHour,
            int seconds) {

        /**
         * The job kept up: the exchange could write (almost) everything, the job read it in the
         * same step, and its ticks reached the bars in time (a late tick is one that arrived after
         * the wall clock had closed its second: the job had fallen behind).
         */
        boolean sustained() {
            return droppedShare < 0.005
                    && delivered >= 0.97 * offered
                    && framesPerSecond >= 0.97 * offered
                    && lateTicks < 0.01 * framesPerSecond * seconds;
        }
    }

    private EndToEndBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        List<Integer> tokens = ints(options.getOrDefault("tokens", "100,1000,5000,20000"));
        List<Integer> rates =
                ints(options.getOrDefault("rates", "10000,25000,50000,100000,200000"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "20"));
        int parallelism = Integer.parseInt(options.getOrDefault("parallelism", "1"));
        Map<String, String> extra = new LinkedHashMap<>();
        if (options.containsKey("sink-parallelism")) {
            extra.put("sink.parallelism", options.get("sink-parallelism"));
        }
        if (options.containsKey("rest-port")) { // 0: any free port, beside another MiniCluster
            extra.put("rest.port", options.get("rest-port"));
        }
        if (options.containsKey("conf")) {
            for (String pair : options.get("conf").split(",")) {
                int eq = pair.indexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException("Expected --conf key=value,…, got " + pair);
                }
                extra.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        Double zipf = options.containsKey("zipf") ? Double.valueOf(options.get("zipf")) : null;
        List<Step> steps = run(tokens, rates, seconds, parallelism, extra, zipf);
        String report = report(steps, seconds, parallelism);
        System.out.println(report);
        Path out = Path.of(options.getOrDefault("out", "target/e2e-benchmark.md"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.println("Written to " + out.toAbsolutePath());
    }

    static List<Step> run(
            List<Integer> tokenCounts, List<Integer> rates, int seconds, int parallelism)
            throws Exception {
        return run(tokenCounts, rates, seconds, parallelism, Map.of());
    }

    /** {@code extra}: more job configuration, e.g. {@code sink.parallelism}. */
    static List<Step> run(
            List<Integer> tokenCounts,
            List<Integer> rates,
            int seconds,
            int parallelism,
            Map<String, String> extra)
            throws Exception {
        return run(tokenCounts, rates, seconds, parallelism, extra, null);
    }

    /** {@code zipf}: the whole feed with this exponent instead of the firehose; null: firehose. */
    static List<Step> run(
            List<Integer> tokenCounts,
            List<Integer> rates,
            int seconds,
            int parallelism,
            Map<String, String> extra,
            Double zipf)
            throws Exception {
        List<Step> steps = new ArrayList<>();
        for (int tokenCount : tokenCounts) {
            CapturingReporter.clear();
            Map<String, String> conf = new LinkedHashMap<>(extra);
            // The whole feed's open seconds outgrow the JobManager's 5 MB of memory-backed state.
            conf.putIfAbsent("execution.checkpointing.storage", "filesystem");
            conf.putIfAbsent(
                    "execution.checkpointing.dir",
                    Path.of("target", "e2e-checkpoints").toAbsolutePath().toUri().toString());
            conf.putAll(
                    Map.of(
                            "metrics.reporter.capture.factory.class",
                                    CapturingReporter.Factory.class.getName(),
                            "gamma.check-interval", "0 s",
                            "rest.check-interval", "0 s",
                            "taskmanager.memory.network.min", "64m",
                            "taskmanager.memory.network.max", "64m"));
            try (LiveJobHarness h = LiveJobHarness.start(parallelism, conf)) {
                subscribe(h, tokenCount, zipf);
                for (int rate : rates) {
                    Step step = measure(h, tokenCount, rate, seconds, zipf);
                    steps.add(step);
                    System.out.println(row(step));
                    if (step.droppedShare() > 0.5) {
                        break; // far past saturation: higher rates only measure the backlog
                    }
                }
            }
        }
        return steps;
    }

    /**
     * Lists tokenCount / 2 binary markets at the fake exchange and in {@code markets}, opens one
     * position per token (so every bar also updates P&L), and publishes their intents.
     */
    private static void subscribe(LiveJobHarness h, int tokenCount, Double zipf) {
        int markets = Math.max(1, tokenCount / 2);
        String[] conditions = new String[markets];
        String[] yesTokens = new String[markets];
        String[] noTokens = new String[markets];
        List<WholeFeedModel.Market> whole =
                zipf == null ? null : new WholeFeedModel(wholeFeed(markets, 2, zipf)).markets();
        for (int m = 0; m < markets; m++) {
            String prefix = String.format(Locale.ROOT, "9%06d", m);
            conditions[m] =
                    whole != null
                            ? whole.get(m).conditionId()
                            : "0x" + String.format(Locale.ROOT, "%064d", m);
            yesTokens[m] = whole != null ? whole.get(m).yes() : prefix + "1".repeat(68);
            noTokens[m] = whole != null ? whole.get(m).no() : prefix + "2".repeat(68);
            h.polymarket.addBinaryMarket(
                    conditions[m],
                    yesTokens[m],
                    noTokens[m],
                    levels("0.48", "100"),
                    levels("0.52", "100"));
        }
        h.sql.update(
                "INSERT INTO markets(id, condition_id, outcomes, token_ids)"
                        + " SELECT 'bench-' || i, c, '{Yes,No}', ARRAY[y, n]"
                        + " FROM unnest(?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS u(c, y, n, i)",
                conditions,
                yesTokens,
                noTokens);
        h.sql.update(
                "INSERT INTO positions(user_id, market_id, token_id, outcome, amount, entry_price)"
                        + " SELECT 1000 + i, 'bench-' || i, y, 'Yes', 100, 0.45"
                        + " FROM unnest(?::text[]) WITH ORDINALITY AS u(y, i)"
                        + " UNION ALL SELECT 2000000 + i, 'bench-' || i, n, 'No', 100, 0.55"
                        + " FROM unnest(?::text[]) WITH ORDINALITY AS u(n, i)",
                yesTokens,
                noTokens);
        for (int m = 0; m < markets; m++) {
            h.intent(yesTokens[m], 1, 0);
            h.intent(noTokens[m], 1, 0);
        }
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (System.nanoTime() < deadline
                && ((Number) h.sql.value("SELECT count(*) FROM token_prices")).intValue()
                        < markets * 2) {
            sleep(500);
        }
        System.out.printf(
                Locale.ROOT,
                "%d tokens subscribed, %s priced, %s markets, %s positions priced%n",
                h.polymarket.subscribedTokens().size(),
                h.sql.value("SELECT count(*) FROM token_prices"),
                h.sql.value("SELECT count(*) FROM markets"),
                h.sql.value("SELECT count(*) FROM positions WHERE current_price IS NOT NULL"));
    }

    /** The whole feed over these markets at {@code framesPerSecond}, no catalogue events. */
    private static WholeFeedModel.Settings wholeFeed(
            int markets, int framesPerSecond, double zipf) {
        return WholeFeedModel.Settings.of(markets, 2 * framesPerSecond)
                .withZipfExponent(zipf)
                .withEvents(0, 0);
    }

    /** What the step's feed wrote and could not write, and how to stop it. */
    private record Feed(LongSupplier sent, LongSupplier dropped, Runnable stop)
            implements AutoCloseable {
        @Override
        public void close() {
            stop.run();
        }
    }

    private static Feed feed(LiveJobHarness h, int tokens, int rate, Double zipf) {
        if (zipf == null) {
            Firehose f = Firehose.start(h.polymarket, rate);
            return new Feed(f::sent, f::dropped, f::close);
        }
        WholeFeed f = WholeFeed.start(h.polymarket, wholeFeed(Math.max(1, tokens / 2), rate, zipf));
        return new Feed(f::sent, f::dropped, f::close);
    }

    private static Step measure(LiveJobHarness h, int tokens, int rate, int seconds, Double zipf)
            throws InterruptedException {
        try (Feed firehose = feed(h, tokens, rate, zipf)) {
            sleep(3000); // warm-up: reach the rate, let the first seconds close
            long sent0 = firehose.sent().getAsLong();
            long dropped0 = firehose.dropped().getAsLong();
            long frames0 = CapturingReporter.sum("polymarket.frames");
            long bars0 = CapturingReporter.sum("rowsWritten.price_bars_1s");
            long prices0 = CapturingReporter.sum("rowsWritten.token_prices");
            long markets0 = CapturingReporter.sum("rowsWritten.markets");
            long positions0 = CapturingReporter.sum("rowsWritten.positions");
            long late0 = CapturingReporter.sum("lateTicks");
            long bytes0 = priceTableBytes(h);
            LatencySampler tickLatency =
                    new LatencySampler(CapturingReporter.histograms("tickToCommitMs"));
            LatencySampler secondLatency =
                    new LatencySampler(CapturingReporter.histograms("secondEndToCommitMs"));
            long start = System.nanoTime();
            sleep(seconds * 1000L);
            double elapsed = (System.nanoTime() - start) / 1e9;
            double[] tick = tickLatency.stop();
            double[] second = secondLatency.stop();
            if (tickLatency.lost() + secondLatency.lost() > 0) {
                System.out.printf(
                        Locale.ROOT,
                        "warning: %d latency samples overwritten before they were read%n",
                        tickLatency.lost() + secondLatency.lost());
            }
            long sent = firehose.sent().getAsLong() - sent0;
            long dropped = firehose.dropped().getAsLong() - dropped0;
            long frames = CapturingReporter.sum("polymarket.frames") - frames0;
            long bars = CapturingReporter.sum("rowsWritten.price_bars_1s") - bars0;
            long prices = CapturingReporter.sum("rowsWritten.token_prices") - prices0;
            long markets = CapturingReporter.sum("rowsWritten.markets") - markets0;
            long positions = CapturingReporter.sum("rowsWritten.positions") - positions0;
            long late = CapturingReporter.sum("lateTicks") - late0;
            double mbPerHour = (priceTableBytes(h) - bytes0) / 1048576.0 * 3600 / elapsed;
            Map<Integer, Set<String>> sockets = h.polymarket.subscriptionsByConnection();
            int maxPerSocket = sockets.values().stream().mapToInt(Set::size).max().orElse(0);
            System.gc();
            long heapMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
            return new Step(
                    tokens,
                    rate,
                    sent / elapsed,
                    sent + dropped == 0 ? 0 : (double) dropped / (sent + dropped),
                    frames / elapsed,
                    bars / elapsed,
                    prices / elapsed,
                    markets / elapsed,
                    positions / elapsed,
                    tick[0],
                    tick[1],
                    second[0],
                    second[1],
                    late,
                    heapMb,
                    sockets.size(),
                    maxPerSocket,
                    mbPerHour,
                    seconds);
        } finally {
            sleep(3000); // drain before the next step
        }
    }

    /**
     * Bytes on disk of the tables the job writes per second of feed: every day partition of {@code
     * price_bars_1s}, the candles, {@code token_prices}, {@code markets} and {@code positions}.
     */
    private static long priceTableBytes(LiveJobHarness h) {
        return ((Number)
                        h.sql.value(
                                "SELECT (SELECT coalesce(sum(pg_total_relation_size(relid)), 0)"
                                        + " FROM pg_partition_tree('price_bars_1s'))"
                                        + " + pg_total_relation_size('candles_1m')"
                                        + " + pg_total_relation_size('candles_1h')"
                                        + " + pg_total_relation_size('token_prices')"
                                        + " + pg_total_relation_size('markets')"
                                        + " + pg_total_relation_size('positions')"))
                .longValue();
    }

    static String report(List<Step> steps, int seconds, int parallelism) {
        StringBuilder b = new StringBuilder();
        b.append(
                String.format(
                        Locale.ROOT,
                        "End-to-end, %d s per step, parallelism %d, %s, %d cores, max heap %d MiB%n%n",
                        seconds,
                        parallelism,
                        System.getProperty("java.vm.name")
                                + " "
                                + System.getProperty("java.version"),
                        Runtime.getRuntime().availableProcessors(),
                        Runtime.getRuntime().maxMemory() >> 20));
        b.append(
                "| tokens | offered msg/s | delivered msg/s | dropped | job frames/s | bars rows/s |"
                        + " token_prices rows/s | markets rows/s | positions rows/s | tick→commit p50/p99 ms"
                        + " | second end→commit p50/p99 ms | late ticks | heap MiB | sockets (max"
                        + " tokens) | database MiB/h |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Step s : steps) {
            b.append(row(s)).append('\n');
        }
        for (int tokens : steps.stream().map(Step::tokens).distinct().toList()) {
            int best =
                    steps.stream()
                            .filter(s -> s.tokens() == tokens && s.sustained())
                            .mapToInt(Step::offered)
                            .max()
                            .orElse(0);
            b.append(
                    String.format(
                            Locale.ROOT,
                            "%nSustained (nothing dropped, read in step, < 1 %% late) over %d tokens: %s msg/s",
                            tokens,
                            best == 0 ? "none of the rates tried" : Integer.toString(best)));
        }
        return b.append('\n').toString();
    }

    static String row(Step s) {
        return String.format(
                Locale.ROOT,
                "| %d | %d | %.0f | %.1f %% | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f / %.0f | %.0f / %.0f | %d | %d | %d (%d) | %.0f |",
                s.tokens(),
                s.offered(),
                s.delivered(),
                s.droppedShare() * 100,
                s.framesPerSecond(),
                s.barsRowsPerSecond(),
                s.tokenPricesRowsPerSecond(),
                s.marketsRowsPerSecond(),
                s.positionsRowsPerSecond(),
                s.tickToCommitP50(),
                s.tickToCommitP99(),
                s.secondEndP50(),
                s.secondEndP99(),
                s.lateTicks(),
                s.heapUsedMb(),
                s.sockets(),
                s.maxTokensPerSocket(),
                s.databaseMbPerHour());
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException(
                        "Expected --option value, got " + Arrays.toString(args));
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private static List<Integer> ints(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).map(Integer::parseInt).toList();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
