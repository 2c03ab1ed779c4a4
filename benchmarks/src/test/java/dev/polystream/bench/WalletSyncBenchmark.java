package dev.polystream.bench;

import dev.polystream.embedded.LocalKafka;
import dev.polystream.embedded.LocalPostgres;
import dev.polystream.gateway.Gateway;
import dev.polystream.gateway.GatewayConfig;
import dev.polystream.gateway.bot.TelegramBot;
import dev.polystream.gateway.testutils.FakeBotApi;
import dev.polystream.gateway.testutils.FakeDataApi;
import dev.polystream.sql.SchemaMigrator;
import dev.polystream.ws.config.Durations;
import dev.polystream.ws.testing.FakeGammaServer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The linked-wallet sync benchmark (issue 8, item 9): {@code --wallets} traders each linking a
 * wallet of {@code --positions} holdings at the fake Data API, synced by the real gateway and bot
 * (a real PostgreSQL in its own process, an in-process Kafka for the outbox relay, the fake
 * Telegram Bot API, a fake Gamma that is never needed because every market is in {@code markets})
 * under a Data API budget of {@code --rps}. {@code --active} of the traders keep a live /positions
 * card open, so their wallets sync every {@code --active-interval}; the others every {@code
 * --idle-interval}.
 *
 * <p>It measures, in order: the first full cycle (every wallet synced once: all holdings written);
 * one steady cycle in which nothing changes (every wallet synced once more: the database writes,
 * which should be none, and the requests sent); then {@code --changes} holding changes at the fake
 * Data API for random active traders and the time until each shows on the trader's card; heap after
 * a full GC at the end of each phase.
 *
 * <pre>
 * bench/wallet-benchmark.sh [--wallets 2000] [--positions 40] [--tokens 4000] [--rps 8]
 *     [--active 20] [--active-interval 15s] [--idle-interval 5m] [--changes 60]
 *     [--change-every 4s] [--seconds 1200] [--seed 1] [--out target/wallet-benchmark.md]
 * </pre>
 */
public final class WalletSyncBenchmark {

    static final String BOT_TOKEN = "424242:wallet-benchmark-token";
    static final Duration POLL = Duration.ofMillis(50);

    /** The run's settings; {@code budget} bounds the whole run. */
    record Options(
            int wallets,
            int positions,
            int tokens,
            int rps,
            int active,
            Duration activeInterval,
            Duration idleInterval,
            int changes,
            Duration changeEvery,
            Duration budget,
            long seed) {

        Options {
            if (wallets < 1 || active < 0 || active > wallets) {
                throw new IllegalArgumentException(
                        "Need at least one wallet and at most --wallets active traders, got "
                                + wallets
                                + " wallets, "
                                + active
                                + " active");
            }
            if (changes > 0 && active == 0) {
                throw new IllegalArgumentException("--changes needs at least one --active trader");
            }
            if (changes < 0 || changeEvery.isNegative() || budget.isNegative()) {
                throw new IllegalArgumentException("--changes, --change-every, --seconds >= 0");
            }
        }

        static Options parse(Map<String, String> o) {
            return new Options(
                    Integer.parseInt(o.getOrDefault("wallets", "2000")),
                    Integer.parseInt(o.getOrDefault("positions", "40")),
                    Integer.parseInt(o.getOrDefault("tokens", "4000")),
                    Integer.parseInt(o.getOrDefault("rps", "8")),
                    Integer.parseInt(o.getOrDefault("active", "20")),
                    duration("active-interval", o.getOrDefault("active-interval", "15s")),
                    duration("idle-interval", o.getOrDefault("idle-interval", "5m")),
                    Integer.parseInt(o.getOrDefault("changes", "60")),
                    duration("change-every", o.getOrDefault("change-every", "4s")),
                    Duration.ofSeconds(Long.parseLong(o.getOrDefault("seconds", "1200"))),
                    Long.parseLong(o.getOrDefault("seed", "1")));
        }

        private static Duration duration(String key, String text) {
            return Durations.parse("--" + key, text);
        }
    }

    /** The Data API requests the fake received in a span of time. */
    record Requests(long count, double seconds, int maxInOneSecond, long rateLimited, long failed) {
        double perSecond() {
            return seconds <= 0 ? 0 : count / seconds;
        }
    }

    /**
     * One cycle of syncs.
     *
     * @param took until every wallet synced (once, or once more); null when the budget ran out
     * @param rowVersions the exact check: row versions written in the window, by table
     * @param syncedAtRecorded wallets whose {@code synced_at} was written in the window
     */
    record Cycle(
            Duration took,
            long syncs,
            long changed,
            long failures,
            Requests requests,
            DatabaseWrites.Delta writes,
            Map<String, Long> rowVersions,
            long syncedAtRecorded,
            long heapMb) {

        long rowVersionsTotal() {
            return rowVersions.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** The change → card samples, in seconds, in the order taken. */
    record Latency(
            List<Double> seconds,
            int missed,
            Requests requests,
            DatabaseWrites.Delta writes,
            long heapMb) {

        /** Nearest rank: the smallest sample with at least {@code p} of them at or below it. */
        double percentile(double p) {
            if (seconds.isEmpty()) {
                return Double.NaN;
            }
            double[] sorted = seconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int rank = (int) Math.ceil(p * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
        }
    }

    /**
     * The time between two syncs of one wallet after the first cycle (from the fake's journal), in
     * seconds: what the cadence actually was.
     */
    record Gaps(int count, double p50, double p99, double max) {

        static Gaps of(List<Double> gaps) {
            double[] sorted = gaps.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            if (sorted.length == 0) {
                return new Gaps(0, Double.NaN, Double.NaN, Double.NaN);
            }
            return new Gaps(
                    sorted.length,
                    sorted[rank(0.5, sorted.length)],
                    sorted[rank(0.99, sorted.length)],
                    sorted[sorted.length - 1]);
        }

        private static int rank(double p, int n) {
            return Math.max(0, Math.min(n, (int) Math.ceil(p * n)) - 1);
        }
    }

    /** Everything one run measured. */
    record Result(
            Options options,
            String machine,
            String loadStart,
            String loadEnd,
            String postgres,
            long maxHeapMb,
            long fixturesHeapMb,
            long positionsStored,
            Cycle first,
            Cycle steady,
            Latency latency,
            Gaps activeGaps,
            Gaps idleGaps,
            int maxInOneSecondOverall,
            double totalSeconds) {}

    private WalletSyncBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Result result = run(Options.parse(options));
        String report = WalletSyncReport.report(result);
        System.out.println(report);
        Path out = Path.of(options.getOrDefault("out", "target/wallet-benchmark.md"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.println("Written to " + out.toAbsolutePath());
    }

    static Result run(Options o) throws Exception {
        String loadStart = Machine.loadAverage();
        long began = System.nanoTime();
        long deadline = began + o.budget().toNanos();
        WalletFixture fixture =
                WalletFixture.generate(o.wallets(), o.positions(), o.tokens(), o.seed());
        try (LocalPostgres pg = LocalPostgres.startTemporary()) {
            SchemaMigrator.migrate(pg.jdbcUrl(), pg.user(), pg.password());
            try (Connection su =
                            DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
                    LocalKafka kafka = LocalKafka.start();
                    FakeDataApi api = FakeDataApi.start();
                    FakeBotApi telegram = FakeBotApi.start(BOT_TOKEN);
                    FakeGammaServer gamma = FakeGammaServer.start()) {
                execute(su, "ALTER ROLE polystream_gateway LOGIN");
                fixture.insertMarkets(su);
                fixture.insertLinks(su);
                fixture.load(api);
                execute(su, "VACUUM ANALYZE");
                String postgres = text(su, "SHOW server_version");
                // This session's own counts (the fixtures) reach the statistics before the first
                // snapshot: PostgreSQL 14 sends them at a statement's end, at most every 500 ms.
                sleep(Duration.ofMillis(600));
                execute(su, "SELECT 1");
                sleep(Duration.ofMillis(600));
                long fixturesHeap = heapAfterGc();
                Map<String, String> conf = conf(o, pg, kafka, api, telegram, gamma);
                System.out.printf(
                        Locale.ROOT,
                        "%d wallets × %d positions over %d tokens loaded; heap %d MiB%n",
                        o.wallets(),
                        o.positions(),
                        o.tokens(),
                        fixturesHeap);
                DatabaseWrites.Snapshot before = DatabaseWrites.take(su);
                try (Gateway gateway = Gateway.start(GatewayConfig.from(conf, Map.of()))) {
                    // The sync starts with the bot: the first cycle is timed from here.
                    Instant from = Instant.now();
                    long start = System.nanoTime();
                    try (TelegramBot bot = TelegramBot.start(gateway, BOT_TOKEN)) {
                        WalletSyncSession s =
                                new WalletSyncSession(
                                        o,
                                        fixture,
                                        su,
                                        api,
                                        telegram,
                                        bot.wallets(),
                                        gateway.config().bot().cardPageSize(),
                                        deadline);
                        Cycle first = s.firstCycle(from, start, before);
                        long stored =
                                number(
                                        su,
                                        "SELECT count(*) FROM positions WHERE status = 'active'");
                        Instant firstEnd = Instant.now();
                        Cycle steady = first.took() == null ? null : s.steadyCycle();
                        Latency latency = steady == null ? null : s.latency();
                        Gaps[] gaps = s.gaps(firstEnd);
                        return new Result(
                                o,
                                Machine.describe(),
                                loadStart,
                                Machine.loadAverage(),
                                postgres,
                                Runtime.getRuntime().maxMemory() >> 20,
                                fixturesHeap,
                                stored,
                                first,
                                steady,
                                latency,
                                gaps[0],
                                gaps[1],
                                api.maxRequestsInAnyWindow(Duration.ofSeconds(1)),
                                (System.nanoTime() - began) / 1e9);
                    }
                }
            }
        }
    }

    /** The gateway's settings: the product defaults but for the fakes and the options. */
    private static Map<String, String> conf(
            Options o,
            LocalPostgres pg,
            LocalKafka kafka,
            FakeDataApi api,
            FakeBotApi telegram,
            FakeGammaServer gamma) {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("jdbc.url", pg.jdbcUrl());
        conf.put("jdbc.user", "polystream_gateway");
        conf.put("kafka.bootstrap-servers", kafka.bootstrapServers());
        conf.put("kafka.topic", "polystream.wallet-bench");
        conf.put("telegram.api-url", telegram.baseUrl().toString());
        // Long polling answers as soon as an update is queued; a short timeout only makes the
        // bot's shutdown quick.
        conf.put("telegram.poll-timeout", "1s");
        conf.put("gamma.url", gamma.baseUrl().toString());
        conf.put("gamma.sync-interval", "0");
        conf.put("data-api.url", api.baseUrl().toString());
        conf.put("data-api.requests-per-second", Integer.toString(o.rps()));
        conf.put("wallet.active-interval", o.activeInterval().toMillis() + "ms");
        conf.put("wallet.idle-interval", o.idleInterval().toMillis() + "ms");
        // The active traders look for the whole run (as if they kept tapping the card).
        conf.put("card.auto-refresh", (o.budget().toMinutes() + 60) + "m");
        return conf;
    }

    /** The fake's journal between two instants. */
    static Requests requests(FakeDataApi api, Instant from, Instant to) {
        List<FakeDataApi.Request> list =
                api.requests().stream()
                        .filter(r -> !r.receivedAt().isBefore(from) && r.receivedAt().isBefore(to))
                        .toList();
        int best = 0;
        int start = 0;
        for (int end = 0; end < list.size(); end++) {
            Instant t = list.get(end).receivedAt();
            while (!list.get(start).receivedAt().plusSeconds(1).isAfter(t)) {
                start++;
            }
            best = Math.max(best, end - start + 1);
        }
        long limited = list.stream().filter(r -> r.status() == 429).count();
        long failed =
                list.stream().filter(r -> r.status() != 429 && (r.status() / 100 != 2)).count();
        return new Requests(
                list.size(), Duration.between(from, to).toMillis() / 1e3, best, limited, failed);
    }

    // ---- helpers ---------------------------------------------------------------------------

    static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static long number(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String text(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static final List<String> KNOWN =
            List.of(
                    "wallets",
                    "positions",
                    "tokens",
                    "rps",
                    "active",
                    "active-interval",
                    "idle-interval",
                    "changes",
                    "change-every",
                    "seconds",
                    "seed",
                    "out");

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException(
                        "Expected --option value pairs, got " + Arrays.toString(args));
            }
            String key = args[i].substring(2);
            if (!KNOWN.contains(key)) {
                throw new IllegalArgumentException(
                        "Unknown option --" + key + "; known: --" + String.join(", --", KNOWN));
            }
            options.put(key, args[i + 1]);
        }
        return options;
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
