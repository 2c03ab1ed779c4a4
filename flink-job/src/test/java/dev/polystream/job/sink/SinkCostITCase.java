package dev.polystream.job.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystream.embedded.LocalPostgres;
import dev.polystream.job.bar.PriceBar;
import dev.polystream.job.testutils.Sql;
import dev.polystream.sql.SchemaMigrator;
import dev.polystream.ws.PriceSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Where a flush's time goes: the sink's statements alone (no Flink) over a realistic batch, one bar
 * for each of {@code sink.cost.tokens} tokens (5,000; binary markets, every tenth token with a
 * position) per second, the tokens of half the markets with a new top each second, the others
 * unchanged. Prints the mean time per table and the bars/s one writer commits, first writing every
 * token's row, then leaving unchanged tokens out ({@link WrittenTops}); asserts the rows, not the
 * speed (run with {@code -Dsink.cost.tokens=20000} for a bigger probe).
 */
class SinkCostITCase {

    private static final int TOKENS = Integer.getInteger("sink.cost.tokens", 5_000);
    private static final int SECONDS = 6;
    private static final long S = 1_790_000_000_000L;

    private static LocalPostgres pg;
    private static Sql sql;

    @BeforeAll
    static void startDatabase() {
        pg = LocalPostgres.startTemporary();
        SchemaMigrator.migrate(pg.dataSource());
        sql = new Sql(pg.jdbcUrl(), pg.user());
        sql.execute(
                "INSERT INTO markets(id, condition_id, outcomes, token_ids, source)"
                        + " SELECT 'm' || i, '0xc' || i, '{Yes,No}',"
                        + " ARRAY[(2 * i)::text, (2 * i + 1)::text], 'gamma'"
                        + " FROM generate_series(0, "
                        + (TOKENS / 2 - 1)
                        + ") i",
                "INSERT INTO positions(user_id, market_id, token_id, outcome, amount,"
                        + " entry_price) SELECT 7, 'm' || (t / 2), t::text, 'Yes', 10, 0.5"
                        + " FROM generate_series(0, "
                        + (TOKENS - 1)
                        + ", 10) t",
                "ANALYZE");
    }

    @AfterAll
    static void stopDatabase() {
        pg.close();
    }

    /** The tokens of every other market move every second; the others keep their top. */
    private static int cents(int token, int second) {
        return 10 + (token + (token / 2 % 2 == 0 ? second : 0)) % 80;
    }

    private static PriceBar bar(int token, int second) {
        long bucket = S + second * 1000L;
        BigDecimal c = BigDecimal.valueOf(cents(token, second), 2);
        return new PriceBar(
                String.valueOf(token),
                "0xc" + token / 2,
                bucket,
                c,
                c,
                c,
                c,
                c.subtract(new BigDecimal("0.01")),
                c.add(new BigDecimal("0.01")),
                c,
                new BigDecimal("12.5"),
                3,
                PriceSource.WS,
                bucket + 500,
                bucket + 510,
                false,
                bucket + 510);
    }

    @Test
    void shouldPrintWhereAFlushGoesAndWriteEveryRow() throws Exception {
        WrittenTops tops = new WrittenTops();
        try (Connection c = new JdbcTarget(pg.jdbcUrl(), pg.user(), "").connect()) {
            CpuClock cpu = CpuClock.of(c);
            List<FlushTimings> all = flushes(c, 0, null, cpu);
            report("every token's row written", cpu, all.subList(1, all.size()));
            List<FlushTimings> changed = flushes(c, SECONDS, tops, cpu);
            report("unchanged tokens left out", cpu, changed.subList(1, changed.size()));
        }

        int last = 2 * SECONDS - 1;
        long expectedCents = 0;
        long positionCents = 0;
        for (int token = 0; token < TOKENS; token++) {
            expectedCents += cents(token, last);
            positionCents += token % 10 == 0 ? cents(token, last) : 0;
        }
        // Half the tokens did not change in 5 of the 6 seconds, within the rewrite interval.
        assertThat(tops.skipped()).isEqualTo((long) TOKENS / 2 * (SECONDS - 2));
        assertThat((Long) sql.value("SELECT count(*) FROM price_bars_1s"))
                .isEqualTo((long) TOKENS * SECONDS * 2);
        assertThat((BigDecimal) sql.value("SELECT sum(price) * 100 FROM token_prices"))
                .isEqualByComparingTo(BigDecimal.valueOf(expectedCents));
        assertThat(
                        (BigDecimal)
                                sql.value(
                                        "SELECT sum(p) * 100 FROM markets,"
                                                + " unnest(outcome_prices) p"))
                .isEqualByComparingTo(BigDecimal.valueOf(expectedCents));
        assertThat((BigDecimal) sql.value("SELECT sum(current_price) * 100 FROM positions"))
                .isEqualByComparingTo(BigDecimal.valueOf(positionCents));
        // Every position, on a moving token or not, is priced as of the last second.
        assertThat((Long) sql.value("SELECT count(DISTINCT price_ts) FROM positions")).isOne();
    }

    /**
     * Writes {@link #SECONDS} seconds of bars from {@code first}, one flush a second, as the writer
     * does (the clock is the bars' own: one second per flush); {@code tops} null writes every
     * token's row.
     */
    private static List<FlushTimings> flushes(
            Connection c, int first, WrittenTops tops, CpuClock cpu) throws Exception {
        List<FlushTimings> timings = new ArrayList<>();
        for (int second = first; second < first + SECONDS; second++) {
            PriceBatch batch = new PriceBatch();
            for (int token = 0; token < TOKENS; token++) {
                batch.add(bar(token, second));
            }
            long nowMs = S + second * 1000L;
            List<PriceBar> latest = tops == null ? batch.latest() : tops.changed(batch, nowMs);
            FlushTimings t = cpu == null ? new FlushTimings() : new FlushTimings(cpu);
            PriceStatements.write(c, batch, latest, false, t);
            t.time(
                    "commit",
                    () -> {
                        c.commit();
                        return null;
                    });
            if (tops != null) {
                tops.committed(latest, batch, nowMs);
            }
            timings.add(t);
        }
        return timings;
    }

    /** The mean of each part over the flushes after the first of a run. */
    private static void report(String run, CpuClock cpu, List<FlushTimings> flushes) {
        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        "Sink cost, %s, %d bars per flush (mean of %d; %s):%n",
                        run,
                        TOKENS,
                        flushes.size(),
                        cpu == null
                                ? "wall time"
                                : "CPU time of the writer thread and its PostgreSQL backend"));
        for (String part : FlushTimings.PARTS) {
            double ms = flushes.stream().mapToDouble(t -> t.millis(part)).average().orElse(0);
            out.append(String.format("  %-14s %8.1f ms%n", part, ms));
        }
        double total = flushes.stream().mapToDouble(FlushTimings::totalMillis).average().orElse(0);
        out.append(
                String.format(
                        "  %-14s %8.1f ms = %.0f bars/s for one writer on its own core%n",
                        "flush", total, TOKENS / (total / 1000)));
        System.out.print(out);
    }

    /**
     * CPU time in nanoseconds of this thread plus the connection's PostgreSQL backend (from {@code
     * /proc/<pid>/schedstat}, on this machine): unlike wall time, barely moved by other processes
     * on a shared machine.
     */
    static final class CpuClock implements LongSupplier {

        private final Path backend;

        private CpuClock(Path backend) {
            this.backend = backend;
        }

        /** The clock of a connection's backend, or null where /proc cannot tell. */
        static CpuClock of(Connection c) throws SQLException {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                Path schedstat = Path.of("/proc", String.valueOf(rs.getInt(1)), "schedstat");
                c.commit();
                if (!Files.isReadable(schedstat)
                        || !ManagementFactory.getThreadMXBean().isCurrentThreadCpuTimeSupported()) {
                    return null;
                }
                return new CpuClock(schedstat);
            }
        }

        @Override
        public long getAsLong() {
            try {
                String onCpu = Files.readString(backend).trim().split(" ")[0];
                return Long.parseLong(onCpu)
                        + ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
