package dev.polystream.bench;

import dev.polystream.bench.WalletSyncBenchmark.Cycle;
import dev.polystream.bench.WalletSyncBenchmark.Latency;
import dev.polystream.bench.WalletSyncBenchmark.Options;
import dev.polystream.bench.WalletSyncBenchmark.Requests;
import dev.polystream.bench.WalletSyncBenchmark.Result;
import java.time.Duration;
import java.util.Locale;

/** The benchmark's Markdown report: the figures against their targets, then the raw cycles. */
final class WalletSyncReport {

    private WalletSyncReport() {}

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

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 && d.toMillis() >= 1000
                ? d.toSeconds() + " s"
                : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1e3);
    }
}
