package dev.polystream.job.sink;

import dev.polystream.job.bar.PriceBar;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * Keeps {@code candles_1m} and {@code candles_1h} current from a flush's bars, in the flush's
 * transaction, so a candle is always exactly the aggregate of its one-second bars.
 *
 * <p>Before the bars are written, {@link #foldNewBars} compares the flush's bars with {@code
 * price_bars_1s} (one primary-key probe per bar) and folds the seconds not written yet into both
 * candle tables: one set-based upsert, no read of the period's other bars. A candle keeps the
 * seconds its open, close and book came from ({@code open_at}, {@code close_at}, {@code
 * last_bar_at}), so a new second folds in correctly in any order: open is the earliest second's,
 * close the latest's, high/low the extremes, volume, messages and bars add up. A second written
 * again with the same values (a replay, at-least-once after a restore) changes nothing. A second
 * written again with other values cannot be folded (its old high may have been the candle's), so
 * its periods are returned as {@link Rewrites}: after the bars are written, {@link
 * Rewrites#recompute} aggregates those minutes again from {@code price_bars_1s} and those hours
 * from {@code candles_1m}.
 */
final class CandleStatements {

    /** Milliseconds since the epoch, as timestamptz. */
    private static final String TS = "'epoch'::timestamptz + %s * interval '1 millisecond'";

    private static final String COLUMNS =
            "(token_id, bucket, open, high, low, close, best_bid, best_ask, last_trade_price,"
                    + " volume, messages, bars, open_at, close_at, last_bar_at, updated_at)";

    /**
     * The aggregate of rows {@code s} of one period, in the order of {@link #COLUMNS} after the
     * bucket: {@code %1$s} is the number of bars a row stands for, {@code %2$s}, {@code %3$s},
     * {@code %4$s} the aggregates of the seconds of open, close and the last bar.
     */
    private static final String AGGREGATE =
            """
            (array_agg(s.open ORDER BY s.bucket) FILTER (WHERE s.open IS NOT NULL))[1],
            max(s.high), min(s.low),
            (array_agg(s.close ORDER BY s.bucket DESC) FILTER (WHERE s.close IS NOT NULL))[1],
            (array_agg(s.best_bid ORDER BY s.bucket DESC))[1],
            (array_agg(s.best_ask ORDER BY s.bucket DESC))[1],
            (array_agg(s.last_trade_price ORDER BY s.bucket DESC))[1],
            sum(s.volume), sum(s.messages), sum(%1$s), %2$s, %3$s, %4$s, now()
            """;

    private static final String OF_BARS =
            AGGREGATE.formatted(
                    "1",
                    "min(s.bucket) FILTER (WHERE s.open IS NOT NULL)",
                    "max(s.bucket) FILTER (WHERE s.close IS NOT NULL)",
                    "max(s.bucket)");

    private static final String OF_MINUTES =
            AGGREGATE.formatted(
                    "s.bars", "min(s.open_at)", "max(s.close_at)", "max(s.last_bar_at)");

    /** A sum that stays NULL while both sides are. */
    private static String add(String column) {
        return "%1$s = CASE WHEN c.%1$s IS NULL THEN EXCLUDED.%1$s WHEN EXCLUDED.%1$s IS NULL"
                        .formatted(column)
                + " THEN c.%1$s ELSE c.%1$s + EXCLUDED.%1$s END".formatted(column);
    }

    /** Folds new seconds into a stored candle (see the class comment). */
    private static final String FOLD =
            """
            ON CONFLICT (token_id, bucket) DO UPDATE SET
              open = CASE WHEN c.open_at IS NULL OR EXCLUDED.open_at < c.open_at
                          THEN EXCLUDED.open ELSE c.open END,
              open_at = LEAST(c.open_at, EXCLUDED.open_at),
              high = GREATEST(c.high, EXCLUDED.high),
              low = LEAST(c.low, EXCLUDED.low),
              close = CASE WHEN c.close_at IS NULL OR EXCLUDED.close_at > c.close_at
                           THEN EXCLUDED.close ELSE c.close END,
              close_at = GREATEST(c.close_at, EXCLUDED.close_at),
              best_bid = CASE WHEN EXCLUDED.last_bar_at > c.last_bar_at
                              THEN EXCLUDED.best_bid ELSE c.best_bid END,
              best_ask = CASE WHEN EXCLUDED.last_bar_at > c.last_bar_at
                              THEN EXCLUDED.best_ask ELSE c.best_ask END,
              last_trade_price = CASE WHEN EXCLUDED.last_bar_at > c.last_bar_at
                                      THEN EXCLUDED.last_trade_price ELSE c.last_trade_price END,
              last_bar_at = GREATEST(c.last_bar_at, EXCLUDED.last_bar_at),
              %s, %s, %s,
              updated_at = now()
            """
                    .formatted(add("volume"), add("messages"), add("bars"));

    /** Replaces a candle with its aggregate, when it differs. */
    private static final String REPLACE =
            """
            ON CONFLICT (token_id, bucket) DO UPDATE SET
              open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low,
              close = EXCLUDED.close, best_bid = EXCLUDED.best_bid, best_ask = EXCLUDED.best_ask,
              last_trade_price = EXCLUDED.last_trade_price, volume = EXCLUDED.volume,
              messages = EXCLUDED.messages, bars = EXCLUDED.bars, open_at = EXCLUDED.open_at,
              close_at = EXCLUDED.close_at, last_bar_at = EXCLUDED.last_bar_at, updated_at = now()
            WHERE (c.open, c.high, c.low, c.close, c.best_bid, c.best_ask, c.last_trade_price,
                   c.volume, c.messages, c.bars)
                  IS DISTINCT FROM
                  (EXCLUDED.open, EXCLUDED.high, EXCLUDED.low, EXCLUDED.close, EXCLUDED.best_bid,
                   EXCLUDED.best_ask, EXCLUDED.last_trade_price, EXCLUDED.volume,
                   EXCLUDED.messages, EXCLUDED.bars)
            """;

    /**
     * The fresh seconds of the flush folded into the candles of one period: {@code %1$s} the
     * table's suffix, {@code %3$s} the period, {@code %4$s} the rows' aggregate and {@code %6$s}
     * its GROUP BY.
     */
    private static final String FOLD_INTO =
            """
            INSERT INTO candles_1%1$s AS c %2$s
            SELECT s.token_id, date_trunc('%3$s', s.bucket), %4$s
            FROM k s WHERE s.fresh %6$s
            %5$s
            """;

    /**
     * A second standing alone for its period: when no two bars of the flush share a token and hour
     * (a flush per second, the live case), the upsert needs no aggregate.
     */
    private static final String OF_ONE_BAR =
            """
            s.open, s.high, s.low, s.close, s.best_bid, s.best_ask, s.last_trade_price, s.volume,
            s.messages, 1, CASE WHEN s.open IS NOT NULL THEN s.bucket END,
            CASE WHEN s.close IS NOT NULL THEN s.bucket END, s.bucket, now()
            """;

    /**
     * Run before the bars are written: classifies the flush's bars against {@code price_bars_1s}
     * (fresh: no row yet; changed: a row with other values), folds the fresh ones into both candle
     * tables and returns the changed ones.
     */
    private static final String FOLD_NEW =
            """
            WITH u AS (
              SELECT u.*, %1$s AS bucket
              FROM unnest(?::text[], ?::bigint[], ?::numeric[], ?::numeric[], ?::numeric[],
                          ?::numeric[], ?::numeric[], ?::numeric[], ?::numeric[], ?::numeric[],
                          ?::int[])
                   AS u(token_id, bucket_ms, open, high, low, close, best_bid, best_ask,
                        last_trade_price, volume, messages)),
            k AS (
              SELECT u.*, b.token_id IS NULL AS fresh,
                     b.token_id IS NOT NULL
                       AND (b.open, b.high, b.low, b.close, b.best_bid, b.best_ask,
                            b.last_trade_price, b.volume, b.messages)
                           IS DISTINCT FROM
                           (u.open, u.high, u.low, u.close, u.best_bid, u.best_ask,
                            u.last_trade_price, u.volume, u.messages) AS changed
              FROM u LEFT JOIN price_bars_1s b ON b.token_id = u.token_id AND b.bucket = u.bucket),
            m AS (%2$s),
            h AS (%3$s)
            SELECT token_id, bucket_ms FROM k WHERE changed
            """;

    /**
     * Run before the bars are written: classifies the flush's bars against {@code price_bars_1s}
     * (fresh: no row yet; changed: a row with other values), folds the fresh ones into both candle
     * tables and returns the changed ones. For bars sharing a token and hour.
     */
    static final String FOLD_NEW_GROUPED = foldNew(OF_BARS, "GROUP BY 1, 2");

    /** {@link #FOLD_NEW_GROUPED} for bars of distinct tokens or hours. */
    static final String FOLD_NEW_SINGLE = foldNew(OF_ONE_BAR, "");

    private static String foldNew(String aggregate, String groupBy) {
        return FOLD_NEW.formatted(
                TS.formatted("u.bucket_ms"),
                FOLD_INTO.formatted("m", COLUMNS, "minute", aggregate, FOLD, groupBy),
                FOLD_INTO.formatted("h", COLUMNS, "hour", aggregate, FOLD, groupBy));
    }

    /** The distinct (token, period start) pairs of (token, second) arrays; {@code %s}: period. */
    private static final String TOUCHED =
            """
            WITH k AS (
              SELECT DISTINCT u.token_id, date_trunc('%s', %s) AS bucket
              FROM unnest(?::text[], ?::bigint[]) AS u(token_id, bucket_ms))
            """;

    /** The given minutes aggregated again from their one-second bars. */
    static final String RECOMPUTE_MINUTES =
            recompute("minute", "candles_1m", OF_BARS, "price_bars_1s");

    /** The given hours aggregated again from their minute candles. */
    static final String RECOMPUTE_HOURS = recompute("hour", "candles_1h", OF_MINUTES, "candles_1m");

    /**
     * The touched {@code unit}s of {@code target} replaced by {@code aggregate} over the rows of
     * {@code source} within each.
     */
    private static String recompute(String unit, String target, String aggregate, String source) {
        return TOUCHED.formatted(unit, TS.formatted("u.bucket_ms"))
                + "INSERT INTO "
                + target
                + " AS c "
                + COLUMNS
                + "\nSELECT k.token_id, k.bucket, a.* FROM k CROSS JOIN LATERAL (SELECT "
                + aggregate
                + """
                  FROM %s s
                  WHERE s.token_id = k.token_id
                    AND s.bucket >= k.bucket AND s.bucket < k.bucket + interval '1 %s'
                  HAVING count(*) > 0) a
                """
                        .formatted(source, unit)
                + REPLACE;
    }

    /** The (token, second) pairs of a flush whose bar is written again with other values. */
    record Rewrites(List<String> tokens, List<Long> bucketsMs) {

        static final Rewrites NONE = new Rewrites(List.of(), List.of());

        /** Run after the bars are written: their minutes and hours aggregated again. */
        void recompute(Connection c) throws SQLException {
            if (tokens.isEmpty()) {
                return;
            }
            for (String sql : new String[] {RECOMPUTE_MINUTES, RECOMPUTE_HOURS}) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setArray(1, c.createArrayOf("text", tokens.toArray()));
                    ps.setArray(2, c.createArrayOf("int8", bucketsMs.toArray()));
                    ps.executeUpdate();
                }
            }
        }
    }

    private CandleStatements() {}

    /**
     * Folds the bars' new seconds into the candles, in the caller's transaction; call it before the
     * bars themselves are written, and {@link Rewrites#recompute} after.
     */
    static Rewrites foldNewBars(Connection c, Collection<PriceBar> bars) throws SQLException {
        if (bars.isEmpty()) {
            return Rewrites.NONE;
        }
        java.util.Set<String> hours = new java.util.HashSet<>();
        boolean single =
                bars.stream()
                        .allMatch(b -> hours.add(b.tokenId() + '@' + b.bucketMs() / 3_600_000));
        try (PreparedStatement ps =
                c.prepareStatement(single ? FOLD_NEW_SINGLE : FOLD_NEW_GROUPED)) {
            ps.setArray(1, c.createArrayOf("text", bars.stream().map(PriceBar::tokenId).toArray()));
            ps.setArray(
                    2, c.createArrayOf("int8", bars.stream().map(PriceBar::bucketMs).toArray()));
            ps.setArray(3, numeric(c, bars, PriceBar::open));
            ps.setArray(4, numeric(c, bars, PriceBar::high));
            ps.setArray(5, numeric(c, bars, PriceBar::low));
            ps.setArray(6, numeric(c, bars, PriceBar::close));
            ps.setArray(7, numeric(c, bars, PriceBar::bestBid));
            ps.setArray(8, numeric(c, bars, PriceBar::bestAsk));
            ps.setArray(9, numeric(c, bars, PriceBar::lastTradePrice));
            ps.setArray(10, numeric(c, bars, PriceBar::volume));
            ps.setArray(
                    11, c.createArrayOf("int4", bars.stream().map(PriceBar::messages).toArray()));
            List<String> tokens = new ArrayList<>();
            List<Long> buckets = new ArrayList<>();
            try (ResultSet rows = ps.executeQuery()) {
                while (rows.next()) {
                    tokens.add(rows.getString(1));
                    buckets.add(rows.getLong(2));
                }
            }
            return tokens.isEmpty() ? Rewrites.NONE : new Rewrites(tokens, buckets);
        }
    }

    private static java.sql.Array numeric(
            Connection c, Collection<PriceBar> bars, Function<PriceBar, BigDecimal> f)
            throws SQLException {
        return c.createArrayOf("numeric", bars.stream().map(f).toArray());
    }
}
