package dev.polystream.bench;

import dev.polystream.embedded.LocalKafka;
import dev.polystream.embedded.LocalPostgres;
import dev.polystream.gateway.Gateway;
import dev.polystream.gateway.GatewayConfig;
import dev.polystream.gateway.bot.TelegramBot;
import dev.polystream.gateway.domain.WalletSyncStatus;
import dev.polystream.gateway.notify.Html;
import dev.polystream.gateway.testutils.FakeBotApi;
import dev.polystream.gateway.testutils.FakeDataApi;
import dev.polystream.gateway.wallet.WalletScheduler;
import dev.polystream.sql.SchemaMigrator;
import dev.polystream.ws.config.Durations;
import dev.polystream.ws.testing.FakeGammaServer;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

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
    private static final Duration POLL = Duration.ofMillis(50);

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
        String report = report(result);
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
                        Session s =
                                new Session(
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

    /** The phases, on a running gateway and bot. */
    private static final class Session {
        private final Options o;
        private final WalletFixture fixture;
        private final Connection su;
        private final FakeDataApi api;
        private final FakeBotApi telegram;
        private final WalletScheduler scheduler;
        private final int pageSize;
        private final long deadline;
        private final int[] active;
        private final long[] cards;
        private final Random random;

        Session(
                Options o,
                WalletFixture fixture,
                Connection su,
                FakeDataApi api,
                FakeBotApi telegram,
                WalletScheduler scheduler,
                int pageSize,
                long deadline) {
            this.o = o;
            this.fixture = fixture;
            this.su = su;
            this.api = api;
            this.telegram = telegram;
            this.scheduler = scheduler;
            this.pageSize = pageSize;
            this.deadline = deadline;
            this.random = new Random(o.seed() + 1);
            int[] order = new int[fixture.walletCount()];
            Arrays.setAll(order, i -> i);
            for (int i = 0; i < o.active(); i++) {
                int pick = i + random.nextInt(order.length - i);
                int w = order[pick];
                order[pick] = order[i];
                order[i] = w;
            }
            this.active = Arrays.copyOf(order, o.active());
            this.cards = new long[o.active()];
        }

        /** From the bot's start until every wallet synced once; the traders open their cards. */
        Cycle firstCycle(Instant from, long start, DatabaseWrites.Snapshot before)
                throws Exception {
            WalletScheduler.Stats stats0 = new WalletScheduler.Stats(0, 0, 0, 0, 0);
            for (int w : active) {
                telegram.sendText(fixture.user(w), "/positions");
            }
            for (int i = 0; i < active.length; i++) {
                long chat = fixture.user(active[i]);
                cards[i] =
                        telegram.awaitMessage(
                                        chat,
                                        m ->
                                                m.text() != null
                                                        && m.text().contains("Your positions"),
                                        Duration.ofSeconds(60))
                                .messageId();
            }
            boolean done = awaitEveryWallet(s -> s.lastSuccess() != null);
            Duration took = done ? Duration.ofNanos(System.nanoTime() - start) : null;
            System.out.printf(
                    Locale.ROOT, "First cycle: %s%n", done ? seconds(took) : "not finished");
            return finish(from, took, stats0, before, null);
        }

        /**
         * Waits (bounded) until the outbox relay has published the first cycle's rows, then until
         * every gateway connection has reported its counts to the statistics (see {@link
         * DatabaseWrites#awaitReported}): without this, writes of the first cycle can show up in
         * the next window.
         */
        private void settle() throws Exception {
            long drainEnd = Math.min(deadline, System.nanoTime() + 120_000_000_000L);
            while (System.nanoTime() < drainEnd
                    && number(su, "SELECT count(*) FROM outbox WHERE sent_at IS NULL") > 0) {
                sleep(Duration.ofMillis(250));
            }
            DatabaseWrites.Reported reported =
                    DatabaseWrites.awaitReported(
                            su,
                            "polystream_gateway",
                            Instant.now(),
                            Duration.ofSeconds(5),
                            Duration.ofSeconds(30));
            System.out.println(
                    reported == null
                            ? "Warning: some gateway connections had not reported their counts;"
                                    + " the next window may show earlier writes"
                            : String.format(
                                    Locale.ROOT,
                                    "Every gateway connection reported its counts after %s (%d idle"
                                            + " one(s) closed)",
                                    seconds(reported.waited()),
                                    reported.closed()));
        }

        /**
         * After the first cycle has settled and a VACUUM (so that autovacuum has nothing to do in
         * the window): from now until every wallet synced once more, with nothing changed.
         */
        Cycle steadyCycle() throws Exception {
            execute(su, "VACUUM ANALYZE");
            sleep(Duration.ofMillis(600));
            execute(su, "SELECT 1");
            sleep(Duration.ofSeconds(2));
            Instant from = Instant.now();
            long start = System.nanoTime();
            WalletScheduler.Stats stats0 = scheduler.stats();
            DatabaseWrites.Snapshot before = DatabaseWrites.take(su);
            boolean done =
                    awaitEveryWallet(s -> s.lastSuccess() != null && s.lastSuccess().isAfter(from));
            Duration took = done ? Duration.ofNanos(System.nanoTime() - start) : null;
            System.out.printf(
                    Locale.ROOT, "Steady cycle: %s%n", done ? seconds(took) : "not finished");
            return finish(from, took, stats0, before, from);
        }

        private Cycle finish(
                Instant from,
                Duration took,
                WalletScheduler.Stats stats0,
                DatabaseWrites.Snapshot before,
                Instant syncedAtSince)
                throws Exception {
            Instant to = Instant.now();
            WalletScheduler.Stats stats = scheduler.stats();
            if (syncedAtSince == null) {
                // The first cycle: its writes include the relay's and the cards' that follow.
                settle();
            } else {
                // PostgreSQL 14 sends a backend's counts at most every 500 ms; the exact checks
                // (row versions, transaction ids) do not depend on it.
                sleep(Duration.ofMillis(1_500));
            }
            DatabaseWrites.Snapshot after = DatabaseWrites.take(su);
            Map<String, Long> versions =
                    syncedAtSince == null ? Map.of() : DatabaseWrites.rowVersionsSince(su, before);
            long syncedAt = 0;
            if (syncedAtSince != null) {
                try (PreparedStatement ps =
                        su.prepareStatement("SELECT count(*) FROM wallets WHERE synced_at >= ?")) {
                    ps.setTimestamp(1, Timestamp.from(syncedAtSince));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        syncedAt = rs.getLong(1);
                    }
                }
            }
            return new Cycle(
                    took,
                    stats.syncs() - stats0.syncs(),
                    stats.changed() - stats0.changed(),
                    stats.failures() - stats0.failures(),
                    requests(api, from, to),
                    DatabaseWrites.between(su, before, after),
                    versions,
                    syncedAt,
                    heapAfterGc());
        }

        /**
         * Every {@code --change-every}, a random active trader's holding shown on their card's
         * first page gets a new, unique size at the fake Data API; the sample ends when the card
         * shows it.
         */
        Latency latency() throws Exception {
            record Pending(int trader, String expect, long changedAt) {}
            Instant from = Instant.now();
            DatabaseWrites.Snapshot before = DatabaseWrites.take(su);
            List<Double> samples = new ArrayList<>();
            List<Pending> pending = new ArrayList<>();
            int made = 0;
            long next = System.nanoTime();
            long end =
                    Math.min(
                            deadline,
                            next
                                    + o.changeEvery().toNanos() * o.changes()
                                    + 4 * o.activeInterval().toNanos()
                                    + 60_000_000_000L);
            while (System.nanoTime() < end && (made < o.changes() || !pending.isEmpty())) {
                long now = System.nanoTime();
                if (made < o.changes() && now >= next) {
                    int trader = idleTrader(pending.stream().map(Pending::trader).toList());
                    if (trader >= 0) {
                        String expect = change(trader, made);
                        pending.add(new Pending(trader, expect, System.nanoTime()));
                        made++;
                        next = now + o.changeEvery().toNanos();
                    }
                }
                for (var it = pending.iterator(); it.hasNext(); ) {
                    Pending p = it.next();
                    String text =
                            telegram.message(fixture.user(active[p.trader()]), cards[p.trader()])
                                    .map(FakeBotApi.Message::text)
                                    .orElse("");
                    if (text.contains(p.expect())) {
                        samples.add((System.nanoTime() - p.changedAt()) / 1e9);
                        it.remove();
                    }
                }
                sleep(POLL);
            }
            Instant to = Instant.now();
            sleep(Duration.ofMillis(1_500));
            DatabaseWrites.Snapshot after = DatabaseWrites.take(su);
            System.out.printf(
                    Locale.ROOT, "Changes: %d made, %d seen on the card%n", made, samples.size());
            return new Latency(
                    samples,
                    o.changes() - samples.size(),
                    requests(api, from, to),
                    DatabaseWrites.between(su, before, after),
                    heapAfterGc());
        }

        /** The gaps between consecutive syncs of the active wallets, then of the others. */
        Gaps[] gaps(Instant since) {
            Map<String, List<Instant>> byWallet = new HashMap<>();
            for (FakeDataApi.Request r : api.requests("/v2/positions")) {
                if (!r.receivedAt().isBefore(since) && !r.has("cursor")) {
                    byWallet.computeIfAbsent(r.param("user"), w -> new ArrayList<>())
                            .add(r.receivedAt());
                }
            }
            List<String> looking = Arrays.stream(active).mapToObj(fixture::wallet).toList();
            List<Double> activeGaps = new ArrayList<>();
            List<Double> idleGaps = new ArrayList<>();
            byWallet.forEach(
                    (wallet, times) -> {
                        List<Double> into = looking.contains(wallet) ? activeGaps : idleGaps;
                        for (int i = 1; i < times.size(); i++) {
                            into.add(
                                    Duration.between(times.get(i - 1), times.get(i)).toMillis()
                                            / 1e3);
                        }
                    });
            return new Gaps[] {Gaps.of(activeGaps), Gaps.of(idleGaps)};
        }

        /** An active trader with no change in flight (a second one would hide the first). */
        private int idleTrader(List<Integer> busy) {
            int offset = random.nextInt(active.length);
            for (int i = 0; i < active.length; i++) {
                int trader = (offset + i) % active.length;
                if (!busy.contains(trader)) {
                    return trader;
                }
            }
            return -1;
        }

        /** Resizes one of the holdings on the trader's first card page; returns the card text. */
        private String change(int trader, int sample) throws SQLException {
            int w = active[trader];
            List<String> shown = new ArrayList<>();
            try (PreparedStatement ps =
                    su.prepareStatement(
                            "SELECT token_id FROM positions WHERE source = 'wallet' AND wallet = ?"
                                    + " AND status = 'active' ORDER BY id LIMIT ?")) {
                ps.setString(1, fixture.wallet(w));
                ps.setInt(2, pageSize);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        shown.add(rs.getString(1));
                    }
                }
            }
            int slot = fixture.slotOf(w, shown.get(random.nextInt(shown.size())));
            // Sizes are drawn with 2 decimals: one with 4 appears nowhere else on the card.
            BigDecimal size = new BigDecimal((1000 + sample) + ".5678");
            api.putHolding(fixture.wallet(w), fixture.resize(w, slot, size));
            return Html.shares(size) + " sh @";
        }

        private boolean awaitEveryWallet(Predicate<WalletSyncStatus> synced) {
            // Bounded by the run's deadline; one pass reads the in-memory status of each wallet.
            while (System.nanoTime() < deadline) {
                boolean all = true;
                for (int w = 0; w < fixture.walletCount() && all; w++) {
                    all = synced.test(scheduler.status(fixture.wallet(w)));
                }
                if (all) {
                    return true;
                }
                sleep(Duration.ofMillis(250));
            }
            return false;
        }
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

    // ---- the report ------------------------------------------------------------------------

    static String report(Result r) {
        Options o = r.options();
        StringBuilder b = new StringBuilder();
        b.append(
                String.format(
                        Locale.ROOT,
                        "Wallet sync: %,d wallets × %d positions (pool of %,d tokens), Data API %d"
                                + " req/s, %d active traders (every %s), the others every %s%n%n",
                        o.wallets(),
                        o.positions(),
                        o.tokens(),
                        o.rps(),
                        o.active(),
                        seconds(o.activeInterval()),
                        seconds(o.idleInterval())));
        b.append(
                String.format(
                        Locale.ROOT,
                        "Machine: %s; PostgreSQL %s (embedded, own process); max heap %d MiB."
                                + " Load average %s at start, %s at end; run %.0f s.%n%n",
                        r.machine(),
                        r.postgres(),
                        r.maxHeapMb(),
                        r.loadStart(),
                        r.loadEnd(),
                        r.totalSeconds()));
        b.append("| measure | figure | target |\n|---|---|---|\n");
        Cycle first = r.first();
        row(
                b,
                "First full cycle (every wallet synced once)",
                first.took() == null
                        ? "not finished within the run's budget"
                        : String.format(
                                Locale.ROOT,
                                "%s · %,d positions written · %,d rows in all",
                                seconds(first.took()),
                                r.positionsStored(),
                                first.writes().rows()),
                "—");
        Cycle steady = r.steady();
        if (steady != null) {
            row(
                    b,
                    "Steady cycle, nothing changed (every wallet synced once more)",
                    steady.took() == null
                            ? "not finished within the run's budget"
                            : String.format(
                                    Locale.ROOT,
                                    "%s · %,d syncs · %d changed · %d failed",
                                    seconds(steady.took()),
                                    steady.syncs(),
                                    steady.changed(),
                                    steady.failures()),
                    "—");
            row(
                    b,
                    "Database writes in the steady cycle",
                    String.format(
                            Locale.ROOT,
                            "%d rows (%.3f per sync) · %d writing transactions · WAL %,d B ·"
                                    + " synced_at statement: %s",
                            steady.writes().rows(),
                            steady.syncs() == 0
                                    ? 0.0
                                    : (double) steady.writes().rows() / steady.syncs(),
                            steady.writes().writingTransactions(),
                            steady.writes().walBytes(),
                            steady.syncedAtRecorded() > 0 ? "ran" : "did not run"),
                    "0");
            row(
                    b,
                    "Data API requests/s (steady cycle)",
                    String.format(
                            Locale.ROOT,
                            "avg %.2f · max %d in any 1 s · %d × 429",
                            steady.requests().perSecond(),
                            steady.requests().maxInOneSecond(),
                            steady.requests().rateLimited()),
                    "≤ " + o.rps() + ", no 429");
        }
        Latency l = r.latency();
        if (l != null) {
            row(
                    b,
                    String.format(
                            Locale.ROOT,
                            "Change at the Data API → card, active wallets (%d samples)",
                            l.seconds().size()),
                    String.format(
                            Locale.ROOT,
                            "p50 %.1f s · p90 %.1f s · p99 %.1f s · max %.1f s · %d missed",
                            l.percentile(0.5),
                            l.percentile(0.9),
                            l.percentile(0.99),
                            l.percentile(1.0),
                            l.missed()),
                    "p99 ≤ 20 s");
        }
        row(
                b,
                "Time between two syncs of a wallet, after the first cycle",
                String.format(
                        Locale.ROOT,
                        "active: p50 %.1f s · p99 %.1f s · max %.1f s; idle: p50 %.0f s · p99 %.0f s"
                                + " · max %.0f s",
                        r.activeGaps().p50(),
                        r.activeGaps().p99(),
                        r.activeGaps().max(),
                        r.idleGaps().p50(),
                        r.idleGaps().p99(),
                        r.idleGaps().max()),
                String.format(
                        Locale.ROOT,
                        "%s and %s",
                        seconds(o.activeInterval()),
                        seconds(o.idleInterval())));
        row(
                b,
                "Heap used after a full GC (MiB)",
                String.format(
                        Locale.ROOT,
                        "fixtures loaded %d · first cycle %d · steady %s · end %s (max %d)",
                        r.fixturesHeapMb(),
                        first.heapMb(),
                        steady == null ? "—" : Long.toString(steady.heapMb()),
                        l == null ? "—" : Long.toString(l.heapMb()),
                        r.maxHeapMb()),
                "—");
        b.append("\nRaw numbers\n\n");
        raw(b, "First cycle", first, o.wallets());
        if (steady != null) {
            raw(b, "Steady cycle", steady, o.wallets());
        }
        if (l != null) {
            Requests q = l.requests();
            b.append(
                    String.format(
                            Locale.ROOT,
                            "- Changes: %d samples (s, in order) %s; requests %d (%.2f/s, max %d"
                                    + " in 1 s, %d × 429, %d failed); writes %s (%d rows, %d writing"
                                    + " transactions, WAL %,d B)%n",
                            l.seconds().size(),
                            l.seconds().stream()
                                    .map(s -> String.format(Locale.ROOT, "%.2f", s))
                                    .toList(),
                            q.count(),
                            q.perSecond(),
                            q.maxInOneSecond(),
                            q.rateLimited(),
                            q.failed(),
                            l.writes().perTable(),
                            l.writes().rows(),
                            l.writes().writingTransactions(),
                            l.writes().walBytes()));
        }
        b.append(
                String.format(
                        Locale.ROOT,
                        "- Syncs after the first cycle: %s between two of an active wallet, %s of an"
                                + " idle one%n",
                        r.activeGaps(),
                        r.idleGaps()));
        b.append(
                String.format(
                        Locale.ROOT,
                        "- Whole run: max %d Data API requests in any 1 s (the fake's journal)%n",
                        r.maxInOneSecondOverall()));
        return b.toString();
    }

    private static void raw(StringBuilder b, String name, Cycle c, int wallets) {
        Requests q = c.requests();
        DatabaseWrites.Delta w = c.writes();
        b.append(
                String.format(
                        Locale.ROOT,
                        "- %s: %s for %,d wallets; %,d syncs, %,d changed, %d failed; requests %,d"
                                + " (%.2f/s, max %d in 1 s, %d × 429, %d failed); window %.1f s:"
                                + " rows %,d (ins %,d, upd %,d, del %,d) by table: %s; writing"
                                + " transactions %,d; commits (reads included) %,d; WAL %,d B;"
                                + " autovacuum/autoanalyze runs %d",
                        name,
                        c.took() == null ? "not finished" : seconds(c.took()),
                        wallets,
                        c.syncs(),
                        c.changed(),
                        c.failures(),
                        q.count(),
                        q.perSecond(),
                        q.maxInOneSecond(),
                        q.rateLimited(),
                        q.failed(),
                        w.seconds(),
                        w.rows(),
                        w.inserted(),
                        w.updated(),
                        w.deleted(),
                        w.perTable(),
                        w.writingTransactions(),
                        w.commits(),
                        w.walBytes(),
                        w.maintenanceRuns()));
        if (!c.rowVersions().isEmpty()) {
            b.append(
                    String.format(
                            Locale.ROOT,
                            "; row versions written in the window (exact, xmin) %d %s;"
                                    + " wallets.synced_at written for %d wallets",
                            c.rowVersionsTotal(),
                            c.rowVersions(),
                            c.syncedAtRecorded()));
        }
        b.append('\n');
    }

    private static void row(StringBuilder b, String measure, String figure, String target) {
        b.append("| ")
                .append(measure)
                .append(" | ")
                .append(figure)
                .append(" | ")
                .append(target)
                .append(" |\n");
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 && d.toMillis() >= 1000
                ? d.toSeconds() + " s"
                : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1e3);
    }

    // ---- helpers ---------------------------------------------------------------------------

    static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long number(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String text(Connection c, String sql) throws SQLException {
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

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
