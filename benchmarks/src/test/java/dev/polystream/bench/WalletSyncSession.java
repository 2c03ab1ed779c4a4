package dev.polystream.bench;

import static dev.polystream.bench.WalletSyncBenchmark.POLL;
import static dev.polystream.bench.WalletSyncBenchmark.execute;
import static dev.polystream.bench.WalletSyncBenchmark.heapAfterGc;
import static dev.polystream.bench.WalletSyncBenchmark.number;
import static dev.polystream.bench.WalletSyncBenchmark.requests;
import static dev.polystream.bench.WalletSyncBenchmark.sleep;
import static dev.polystream.bench.WalletSyncBenchmark.text;
import static dev.polystream.bench.WalletSyncReport.seconds;

import dev.polystream.bench.WalletSyncBenchmark.Cycle;
import dev.polystream.bench.WalletSyncBenchmark.Gaps;
import dev.polystream.bench.WalletSyncBenchmark.Latency;
import dev.polystream.bench.WalletSyncBenchmark.Options;
import dev.polystream.gateway.domain.WalletSyncStatus;
import dev.polystream.gateway.notify.Html;
import dev.polystream.gateway.testutils.FakeBotApi;
import dev.polystream.gateway.testutils.FakeDataApi;
import dev.polystream.gateway.wallet.WalletScheduler;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/**
 * The benchmark's phases on a running gateway and bot: the first full cycle, a steady cycle, the
 * change → card latencies and the sync gaps.
 */
final class WalletSyncSession {
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

    WalletSyncSession(
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
    Cycle firstCycle(Instant from, long start, DatabaseWrites.Snapshot before) throws Exception {
        WalletScheduler.Stats stats0 = new WalletScheduler.Stats(0, 0, 0, 0, 0);
        for (int w : active) {
            telegram.sendText(fixture.user(w), "/positions");
        }
        for (int i = 0; i < active.length; i++) {
            long chat = fixture.user(active[i]);
            cards[i] =
                    telegram.awaitMessage(
                                    chat,
                                    m -> m.text() != null && m.text().contains("Your positions"),
                                    Duration.ofSeconds(60))
                            .messageId();
        }
        boolean done = awaitEveryWallet(s -> s.lastSuccess() != null);
        Duration took = done ? Duration.ofNanos(System.nanoTime() - start) : null;
        System.out.printf(Locale.ROOT, "First cycle: %s%n", done ? seconds(took) : "not finished");
        return finish(from, took, stats0, before, null);
    }

    /**
     * Waits (bounded) until the outbox relay has published the first cycle's rows, then until every
     * gateway connection has reported its counts to the statistics (see {@link
     * DatabaseWrites#awaitReported}): without this, writes of the first cycle can show up in the
     * next window.
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
     * After the first cycle has settled and a VACUUM (so that autovacuum has nothing to do in the
     * window): from now until every wallet synced once more, with nothing changed.
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
        System.out.printf(Locale.ROOT, "Steady cycle: %s%n", done ? seconds(took) : "not finished");
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
     * Every {@code --change-every}, a random active trader's holding shown on their card's first
     * page gets a new, unique size at the fake Data API; the sample ends when the card shows it.
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
                        into.add(Duration.between(times.get(i - 1), times.get(i)).toMillis() / 1e3);
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
