package dev.polystream.job.sink;

import dev.polystream.job.bar.PriceBar;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The SQL the job writes with. Every statement is keyed by token (and second), guarded by exchange
 * time so an older bar never overwrites a newer price, and changes no value when repeated: a
 * replay, or at-least-once delivery after a restore, rewrites the same rows.
 */
final class PriceStatements {

    /** The analysts' per-second history: insert, or rewrite only when the bar differs. */
    static final String BARS =
            """
            INSERT INTO price_bars_1s AS b (token_id, bucket, open, high, low, close, best_bid,
                best_ask, last_trade_price, volume, messages, source)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (token_id, bucket) DO UPDATE SET
              open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low,
              close = EXCLUDED.close, best_bid = EXCLUDED.best_bid, best_ask = EXCLUDED.best_ask,
              last_trade_price = EXCLUDED.last_trade_price, volume = EXCLUDED.volume,
              messages = EXCLUDED.messages, source = EXCLUDED.source
            WHERE (b.open, b.high, b.low, b.close, b.best_bid, b.best_ask, b.last_trade_price,
                   b.volume, b.messages, b.source)
                  IS DISTINCT FROM
                  (EXCLUDED.open, EXCLUDED.high, EXCLUDED.low, EXCLUDED.close, EXCLUDED.best_bid,
                   EXCLUDED.best_ask, EXCLUDED.last_trade_price, EXCLUDED.volume,
                   EXCLUDED.messages, EXCLUDED.source)
            """;

    /** The latest price of a token; only a newer exchange time replaces it. */
    static final String TOKEN_PRICES =
            """
            INSERT INTO token_prices AS tp (token_id, market_id, condition_id, price, best_bid,
                best_ask, last_trade_price, source, exchange_ts, confirmed_at, updated_at)
            VALUES (?, (SELECT m.id FROM markets m WHERE m.token_ids @> ARRAY[?]::text[]
                        ORDER BY m.id LIMIT 1), ?, ?, ?, ?, ?, ?, ?, ?, now())
            ON CONFLICT (token_id) DO UPDATE SET
              market_id = COALESCE(EXCLUDED.market_id, tp.market_id),
              condition_id = COALESCE(EXCLUDED.condition_id, tp.condition_id),
              price = COALESCE(EXCLUDED.price, tp.price),
              best_bid = EXCLUDED.best_bid,
              best_ask = EXCLUDED.best_ask,
              last_trade_price = COALESCE(EXCLUDED.last_trade_price, tp.last_trade_price),
              source = EXCLUDED.source,
              exchange_ts = EXCLUDED.exchange_ts,
              confirmed_at = GREATEST(tp.confirmed_at, EXCLUDED.confirmed_at),
              updated_at = now()
            WHERE tp.exchange_ts IS NULL OR EXCLUDED.exchange_ts > tp.exchange_ts
            """;

    /**
     * Each market holding a token of the batch takes that token's price from {@code token_prices}
     * into its slot of {@code outcome_prices}. One statement per flush. The slots are computed from
     * the row being updated, so two writers updating different slots of one market concurrently
     * both land (PostgreSQL re-evaluates the expressions on the newest row version).
     */
    static final String MARKETS =
            """
            UPDATE markets m SET
              outcome_prices = (
                SELECT array_agg(COALESCE(tp.price, u.p) ORDER BY u.i)
                FROM unnest(m.token_ids, m.outcome_prices) WITH ORDINALITY AS u(t, p, i)
                LEFT JOIN token_prices tp
                  ON tp.token_id = u.t AND tp.token_id = ANY(?::text[]) AND tp.price IS NOT NULL),
              source = COALESCE(
                (SELECT tp.source FROM token_prices tp
                 WHERE tp.token_id = ANY(m.token_ids) AND tp.token_id = ANY(?::text[])
                   AND tp.price IS NOT NULL
                 ORDER BY tp.exchange_ts DESC LIMIT 1), m.source),
              prices_updated_at = GREATEST(m.prices_updated_at,
                (SELECT max(tp.exchange_ts) FROM token_prices tp
                 WHERE tp.token_id = ANY(m.token_ids) AND tp.token_id = ANY(?::text[])
                   AND tp.price IS NOT NULL))
            WHERE m.token_ids && ?::text[]
            """;

    /** P&L of every active position on the token: one set-based statement per token. */
    static final String POSITIONS_PNL =
            """
            UPDATE positions SET
              current_price = ?,
              pnl_amount = (?::numeric - entry_price) * amount,
              pnl_percentage = CASE WHEN entry_price <> 0
                                    THEN (?::numeric - entry_price) / entry_price * 100 END,
              price_ts = ?,
              updated_at = now()
            WHERE token_id = ? AND status = 'active' AND (price_ts IS NULL OR price_ts < ?)
            """;

    /** Settlement: the token's positions take the final price (1 or 0) and leave 'active'. */
    static final String POSITIONS_RESOLVED =
            """
            UPDATE positions SET
              status = 'resolved',
              current_price = ?,
              pnl_amount = (?::numeric - entry_price) * amount,
              pnl_percentage = CASE WHEN entry_price <> 0
                                    THEN (?::numeric - entry_price) / entry_price * 100 END,
              price_ts = ?,
              updated_at = now()
            WHERE token_id = ? AND status = 'active'
            """;

    static final String MARKETS_RESOLVED =
            """
            UPDATE markets SET
              resolved_at = COALESCE(resolved_at, ?),
              winning_token_id = CASE WHEN ? THEN ? ELSE winning_token_id END
            WHERE token_ids @> ARRAY[?]::text[]
              AND (resolved_at IS NULL OR (? AND winning_token_id IS DISTINCT FROM ?))
            """;

    /** The price of a token on a healthy socket is still current as of this time. */
    static final String CONFIRMED =
            """
            UPDATE token_prices SET confirmed_at = ?
            WHERE token_id = ? AND (confirmed_at IS NULL OR confirmed_at < ?)
            """;

    /** Rows changed per table by one flush. */
    record Counts(long bars, long tokenPrices, long markets, long positions) {}

    private PriceStatements() {}

    /** Writes a batch in the caller's transaction (not committed here). */
    static Counts write(Connection c, PriceBatch batch) throws SQLException {
        long bars = writeBars(c, batch.history());
        List<PriceBar> latest = batch.latest();
        long tokenPrices = writeLatest(c, latest, batch);
        long markets = writeMarkets(c, latest);
        long positions = writePnl(c, batch.priced());
        positions += writeResolved(c, batch.resolved());
        tokenPrices += writeConfirmed(c, batch.confirmed());
        return new Counts(bars, tokenPrices, markets, positions);
    }

    private static long writeBars(Connection c, Collection<PriceBar> bars) throws SQLException {
        if (bars.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement(BARS)) {
            for (PriceBar bar : bars) {
                ps.setString(1, bar.tokenId());
                ps.setObject(2, timestamp(bar.bucketMs()));
                setDecimal(ps, 3, bar.open());
                setDecimal(ps, 4, bar.high());
                setDecimal(ps, 5, bar.low());
                setDecimal(ps, 6, bar.close());
                setDecimal(ps, 7, bar.bestBid());
                setDecimal(ps, 8, bar.bestAsk());
                setDecimal(ps, 9, bar.lastTradePrice());
                setDecimal(ps, 10, bar.volume());
                ps.setInt(11, bar.messages());
                ps.setString(12, bar.source().column());
                ps.addBatch();
            }
            return sum(ps.executeBatch());
        }
    }

    private static long writeLatest(Connection c, List<PriceBar> latest, PriceBatch batch)
            throws SQLException {
        if (latest.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement(TOKEN_PRICES)) {
            for (PriceBar bar : latest) {
                ps.setString(1, bar.tokenId());
                ps.setString(2, bar.tokenId());
                ps.setString(3, bar.conditionId());
                setDecimal(ps, 4, batch.latestPrice(bar.tokenId()));
                setDecimal(ps, 5, bar.bestBid());
                setDecimal(ps, 6, bar.bestAsk());
                setDecimal(ps, 7, bar.lastTradePrice());
                ps.setString(8, bar.source().column());
                ps.setObject(9, timestamp(bar.closeExchangeTimeMs()));
                if (bar.confirmedAtMs() > 0) {
                    ps.setObject(10, timestamp(bar.confirmedAtMs()));
                } else {
                    ps.setNull(10, Types.TIMESTAMP_WITH_TIMEZONE);
                }
                ps.addBatch();
            }
            return sum(ps.executeBatch());
        }
    }

    private static long writeMarkets(Connection c, List<PriceBar> latest) throws SQLException {
        if (latest.isEmpty()) {
            return 0;
        }
        String[] tokens = latest.stream().map(PriceBar::tokenId).toArray(String[]::new);
        try (PreparedStatement ps = c.prepareStatement(MARKETS)) {
            java.sql.Array array = c.createArrayOf("text", tokens);
            for (int i = 1; i <= 4; i++) {
                ps.setArray(i, array);
            }
            return ps.executeUpdate();
        }
    }

    private static long writePnl(Connection c, List<PriceBar> priced) throws SQLException {
        if (priced.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement(POSITIONS_PNL)) {
            for (PriceBar bar : priced) {
                setDecimal(ps, 1, bar.close());
                setDecimal(ps, 2, bar.close());
                setDecimal(ps, 3, bar.close());
                ps.setObject(4, timestamp(bar.closeExchangeTimeMs()));
                ps.setString(5, bar.tokenId());
                ps.setObject(6, timestamp(bar.closeExchangeTimeMs()));
                ps.addBatch();
            }
            return sum(ps.executeBatch());
        }
    }

    private static long writeResolved(Connection c, List<PriceBar> resolved) throws SQLException {
        if (resolved.isEmpty()) {
            return 0;
        }
        long positions;
        try (PreparedStatement ps = c.prepareStatement(POSITIONS_RESOLVED)) {
            for (PriceBar bar : resolved) {
                setDecimal(ps, 1, bar.close());
                setDecimal(ps, 2, bar.close());
                setDecimal(ps, 3, bar.close());
                ps.setObject(4, timestamp(bar.closeExchangeTimeMs()));
                ps.setString(5, bar.tokenId());
                ps.addBatch();
            }
            positions = sum(ps.executeBatch());
        }
        try (PreparedStatement ps = c.prepareStatement(MARKETS_RESOLVED)) {
            for (PriceBar bar : resolved) {
                boolean won = bar.close() != null && bar.close().compareTo(BigDecimal.ONE) == 0;
                ps.setObject(1, timestamp(bar.closeExchangeTimeMs()));
                ps.setBoolean(2, won);
                ps.setString(3, bar.tokenId());
                ps.setString(4, bar.tokenId());
                ps.setBoolean(5, won);
                ps.setString(6, bar.tokenId());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return positions;
    }

    private static long writeConfirmed(Connection c, Map<String, Long> confirmed)
            throws SQLException {
        if (confirmed.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement(CONFIRMED)) {
            for (Map.Entry<String, Long> e : confirmed.entrySet()) {
                OffsetDateTime at = timestamp(e.getValue());
                ps.setObject(1, at);
                ps.setString(2, e.getKey());
                ps.setObject(3, at);
                ps.addBatch();
            }
            return sum(ps.executeBatch());
        }
    }

    private static long sum(int[] counts) {
        long total = 0;
        for (int n : counts) {
            if (n > 0) {
                total += n;
            }
        }
        return total;
    }

    private static void setDecimal(PreparedStatement ps, int index, BigDecimal value)
            throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.NUMERIC);
        } else {
            ps.setBigDecimal(index, value);
        }
    }

    static OffsetDateTime timestamp(long epochMs) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMs), ZoneOffset.UTC);
    }
}
