package dev.polystream.job.sink;

import dev.polystream.job.bar.PriceBar;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

/**
 * Keeps {@code candles_1m} and {@code candles_1h} current: after a flush's bars are written, in the
 * same transaction, each (token, minute) the flush touched is aggregated again from {@code
 * price_bars_1s}, then each (token, hour) from {@code candles_1m}. One set-based upsert per table
 * per flush.
 *
 * <p>Aggregating the period again, rather than folding the new bar into the stored candle, keeps
 * the candle exactly the aggregate of its bars whatever the order: a minute spread over several
 * flushes, a late bar before the candle's last second, a bar rewritten with other values, and a
 * replay that writes the same bars twice all land on the same row. It reads at most 60 bars per
 * touched minute (through the primary key of that day's partition) and 60 minutes per touched hour;
 * an unchanged candle is not rewritten.
 */
final class CandleStatements {

    /**
     * The distinct (token, period start) pairs of the flush's bars: {@code %s} is the period,
     * {@code minute} or {@code hour}.
     */
    private static final String TOUCHED =
            """
            WITH k AS (
              SELECT DISTINCT u.token_id,
                     date_trunc('%s', 'epoch'::timestamptz + u.bucket_ms * interval '1 millisecond')
                       AS bucket
              FROM unnest(?::text[], ?::bigint[]) AS u(token_id, bucket_ms))
            """;

    /** Rewrites a candle only when its aggregate changed. */
    private static final String UPSERT_TAIL =
            """
            ON CONFLICT (token_id, bucket) DO UPDATE SET
              open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low,
              close = EXCLUDED.close, best_bid = EXCLUDED.best_bid, best_ask = EXCLUDED.best_ask,
              last_trade_price = EXCLUDED.last_trade_price, volume = EXCLUDED.volume,
              messages = EXCLUDED.messages, bars = EXCLUDED.bars, updated_at = now()
            WHERE (c.open, c.high, c.low, c.close, c.best_bid, c.best_ask, c.last_trade_price,
                   c.volume, c.messages, c.bars)
                  IS DISTINCT FROM
                  (EXCLUDED.open, EXCLUDED.high, EXCLUDED.low, EXCLUDED.close, EXCLUDED.best_bid,
                   EXCLUDED.best_ask, EXCLUDED.last_trade_price, EXCLUDED.volume,
                   EXCLUDED.messages, EXCLUDED.bars)
            """;

    /**
     * The aggregate of the rows {@code s} of one period: first and last displayed price (rows
     * without one skipped), extremes, the book of the last row, sums. {@code %s} is the expression
     * of the number of bars a row stands for.
     */
    private static final String AGGREGATE =
            """
            SELECT (array_agg(s.open ORDER BY s.bucket) FILTER (WHERE s.open IS NOT NULL))[1]
                     AS open,
                   max(s.high) AS high, min(s.low) AS low,
                   (array_agg(s.close ORDER BY s.bucket DESC)
                      FILTER (WHERE s.close IS NOT NULL))[1] AS close,
                   (array_agg(s.best_bid ORDER BY s.bucket DESC))[1] AS best_bid,
                   (array_agg(s.best_ask ORDER BY s.bucket DESC))[1] AS best_ask,
                   (array_agg(s.last_trade_price ORDER BY s.bucket DESC))[1] AS last_trade_price,
                   sum(s.volume) AS volume, sum(s.messages) AS messages, sum(%s) AS bars
            """;

    private static final String COLUMNS =
            "(token_id, bucket, open, high, low, close, best_bid, best_ask, last_trade_price,"
                    + " volume, messages, bars, updated_at)";

    /** Each touched minute, from its one-second bars. */
    static final String MINUTES =
            TOUCHED.formatted("minute")
                    + "INSERT INTO candles_1m AS c "
                    + COLUMNS
                    + "\nSELECT k.token_id, k.bucket, a.*, now() FROM k CROSS JOIN LATERAL (\n"
                    + AGGREGATE.formatted("1")
                    + """
                      FROM price_bars_1s s
                      WHERE s.token_id = k.token_id
                        AND s.bucket >= k.bucket AND s.bucket < k.bucket + interval '1 minute'
                      HAVING count(*) > 0) a
                    """
                    + UPSERT_TAIL;

    /** Each touched hour, from its minute candles (written just before). */
    static final String HOURS =
            TOUCHED.formatted("hour")
                    + "INSERT INTO candles_1h AS c "
                    + COLUMNS
                    + "\nSELECT k.token_id, k.bucket, a.*, now() FROM k CROSS JOIN LATERAL (\n"
                    + AGGREGATE.formatted("s.bars")
                    + """
                      FROM candles_1m s
                      WHERE s.token_id = k.token_id
                        AND s.bucket >= k.bucket AND s.bucket < k.bucket + interval '1 hour'
                      HAVING count(*) > 0) a
                    """
                    + UPSERT_TAIL;

    /** Candle rows changed by one flush. */
    record Counts(long minutes, long hours) {}

    private CandleStatements() {}

    /**
     * Brings the candles of the bars' periods up to date, in the caller's transaction; call it
     * after the bars themselves are written.
     */
    static Counts write(Connection c, Collection<PriceBar> bars) throws SQLException {
        if (bars.isEmpty()) {
            return new Counts(0, 0);
        }
        Object[] tokens = bars.stream().map(PriceBar::tokenId).toArray();
        Object[] buckets = bars.stream().map(PriceBar::bucketMs).toArray();
        return new Counts(run(c, MINUTES, tokens, buckets), run(c, HOURS, tokens, buckets));
    }

    private static long run(Connection c, String sql, Object[] tokens, Object[] buckets)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", tokens));
            ps.setArray(2, c.createArrayOf("int8", buckets));
            return ps.executeUpdate();
        }
    }
}
