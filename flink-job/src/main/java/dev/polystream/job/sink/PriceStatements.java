package dev.polystream.job.sink;

import dev.polystream.job.bar.PriceBar;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The SQL the job writes with: one set-based statement per table per flush, its rows passed as
 * arrays ({@code unnest}), so PostgreSQL plans once and writes thousands of rows in one round trip.
 * Every row is keyed by token (and second), guarded by exchange time so an older bar never
 * overwrites a newer price, and changes no value when written again: a replay, or at-least-once
 * delivery after a restore, rewrites the same rows. The bars themselves go by COPY ({@link
 * BarCopy}).
 */
final class PriceStatements {

    /** Milliseconds since the epoch, as timestamptz. */
    private static final String TS = "'epoch'::timestamptz + %s * interval '1 millisecond'";

    /**
     * The latest price of each token; only a newer exchange time replaces it. The token's market is
     * looked up only while the row has none (a first price, or a market listed later), through the
     * GIN index on {@code token_ids}; not as {@code ORDER BY id LIMIT 1}, which the planner answers
     * by walking the primary key, a scan of half the catalogue per token.
     */
    static final String TOKEN_PRICES =
            """
            INSERT INTO token_prices AS tp (token_id, market_id, condition_id, price, best_bid,
                best_ask, last_trade_price, source, exchange_ts, confirmed_at, updated_at)
            SELECT u.token_id,
                   COALESCE(old.market_id,
                            (SELECT (array_agg(m.id ORDER BY m.id))[1] FROM markets m
                             WHERE m.token_ids @> ARRAY[u.token_id])),
                   u.condition_id, u.price, u.best_bid, u.best_ask, u.last_trade_price, u.source,
                   %s, %s, now()
            FROM unnest(?::text[], ?::text[], ?::numeric[], ?::numeric[], ?::numeric[],
                        ?::numeric[], ?::text[], ?::bigint[], ?::bigint[])
                 AS u(token_id, condition_id, price, best_bid, best_ask, last_trade_price, source,
                      exchange_ms, confirmed_ms)
            LEFT JOIN token_prices old ON old.token_id = u.token_id
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
            """
                    .formatted(TS.formatted("u.exchange_ms"), TS.formatted("u.confirmed_ms"));

    /** The priced token_prices rows of a batch's tokens (one array parameter) with a market. */
    private static final String BATCH_PRICES =
            """
            FROM unnest(?::text[]) AS b(token_id)
            JOIN token_prices tp ON tp.token_id = b.token_id
            WHERE tp.price IS NOT NULL AND tp.market_id IS NOT NULL""";

    /**
     * Each market holding a token of the batch takes that token's price from {@code token_prices}
     * into its slot of {@code outcome_prices}. The markets are found through {@code
     * token_prices.market_id} (written just before, in the same transaction), and the batch's
     * prices gathered per market once: no array overlap over the catalogue, whose cost grows with
     * batch size times markets. The other slots come from the row being updated, so two writers
     * updating different slots of one market concurrently both land (PostgreSQL re-evaluates the
     * SET expressions on the newest row version).
     */
    static final String MARKETS =
            """
            UPDATE markets m SET
              outcome_prices = (
                SELECT array_agg(COALESCE(x.prices[array_position(x.tokens, u.t)], u.p)
                                 ORDER BY u.i)
                FROM unnest(m.token_ids, m.outcome_prices) WITH ORDINALITY AS u(t, p, i)),
              source = x.source,
              prices_updated_at = GREATEST(m.prices_updated_at, x.ts)
            FROM (SELECT tp.market_id AS id, array_agg(tp.token_id) AS tokens,
                         array_agg(tp.price) AS prices,
                         (array_agg(tp.source ORDER BY tp.exchange_ts DESC))[1] AS source,
                         max(tp.exchange_ts) AS ts
                  %s
                  GROUP BY tp.market_id) x
            WHERE m.id = x.id
            """
                    .formatted(BATCH_PRICES);

    /**
     * Locks the batch's markets in id order before {@link #MARKETS} updates them. The two tokens of
     * a market are usually written by different sink subtasks, so every market row is updated by
     * two transactions each second; without one lock order, two subtasks taking two markets in
     * opposite orders deadlock (PostgreSQL breaks it after {@code deadlock_timeout}, one flush
     * fails and is retried: a stall of a second or more). Skipped when the sink runs as one subtask
     * (it costs ~10 µs a market).
     */
    static final String LOCK_MARKETS =
            """
            SELECT m.id FROM markets m
            WHERE m.id IN (SELECT tp.market_id %s)
            ORDER BY m.id
            FOR UPDATE OF m
            """
                    .formatted(BATCH_PRICES);

    /** The exchange time of a (token, price, exchange time) row, as timestamptz. */
    private static final String U_TS = TS.formatted("u.ts_ms");

    /**
     * Prices the active positions of the tokens in (token, price, exchange time) arrays: {@code
     * %1$s} adds SET items, {@code %2$s} WHERE conditions. P&L comes from the schema's functions
     * (sql/migrations V12), its one definition: amount × price − cost basis, paper and wallet
     * positions alike.
     */
    private static final String POSITIONS_PRICED =
            """
            UPDATE positions p SET %1$s
              current_price = u.price,
              pnl_amount = position_pnl_amount(p.amount, u.price, p.cost_basis),
              pnl_percentage = position_pnl_percentage(p.amount, u.price, p.cost_basis),
              price_ts = U_TS,
              updated_at = now()
            FROM unnest(?::text[], ?::numeric[], ?::bigint[]) AS u(token_id, price, ts_ms)
            WHERE p.token_id = u.token_id AND p.status = 'active' %2$s
            """
                    .replace("U_TS", U_TS);

    /** P&L of every active position on the tokens: one set-based statement per flush. */
    static final String POSITIONS_PNL =
            POSITIONS_PRICED.formatted("", "AND (p.price_ts IS NULL OR p.price_ts < " + U_TS + ")");

    /** Settlement: the tokens' positions take the final price (1 or 0) and leave 'active'. */
    static final String POSITIONS_RESOLVED = POSITIONS_PRICED.formatted("status = 'resolved',", "");

    /** The market settled; the token that paid 1 won. Written once. */
    static final String MARKETS_RESOLVED =
            """
            UPDATE markets m SET
              resolved_at = COALESCE(m.resolved_at, %s),
              winning_token_id = COALESCE(u.winner, m.winning_token_id)
            FROM (SELECT mk.id, max(r.ts_ms) AS ts_ms,
                         max(r.token_id) FILTER (WHERE r.price = 1) AS winner
                  FROM unnest(?::text[], ?::numeric[], ?::bigint[]) AS r(token_id, price, ts_ms)
                  JOIN markets mk ON mk.token_ids @> ARRAY[r.token_id]
                  GROUP BY mk.id) u
            WHERE m.id = u.id
              AND (m.resolved_at IS NULL
                   OR (u.winner IS NOT NULL AND m.winning_token_id IS DISTINCT FROM u.winner))
            """
                    .formatted(U_TS);

    /** The price of a token on a healthy socket is still current as of this time. */
    static final String CONFIRMED =
            """
            UPDATE token_prices tp SET confirmed_at = %s
            FROM unnest(?::text[], ?::bigint[]) AS u(token_id, at_ms)
            WHERE tp.token_id = u.token_id AND (tp.confirmed_at IS NULL OR tp.confirmed_at < %s)
            """
                    .formatted(TS.formatted("u.at_ms"), TS.formatted("u.at_ms"));

    /** Rows changed per table by one flush. */
    record Counts(long bars, long tokenPrices, long markets, long positions) {}

    private PriceStatements() {}

    /**
     * Writes a batch in the caller's transaction (not committed here): its bars, the token_prices
     * rows and market slots of {@code latest} (the bars of {@link PriceBatch#latest()} that changed
     * something, see {@link WrittenTops}), its P&L, settlement and confirmations; {@code
     * lockMarkets} when other sink subtasks write the same markets concurrently; each statement's
     * time is added to {@code timings}.
     */
    static Counts write(
            Connection c,
            PriceBatch batch,
            List<PriceBar> latest,
            boolean lockMarkets,
            FlushTimings timings)
            throws SQLException {
        long bars = timings.time("price_bars_1s", () -> BarCopy.write(c, batch.history()));
        long tokenPrices = timings.time("token_prices", () -> writeLatest(c, latest, batch));
        long markets = timings.time("markets", () -> writeMarkets(c, latest, lockMarkets));
        long positions = timings.time("positions", () -> writePnl(c, batch.priced()));
        positions += timings.time("settlement", () -> writeResolved(c, batch.resolved()));
        tokenPrices += timings.time("confirmations", () -> writeConfirmed(c, batch.confirmed()));
        return new Counts(bars, tokenPrices, markets, positions);
    }

    private static long writeLatest(Connection c, List<PriceBar> latest, PriceBatch batch)
            throws SQLException {
        if (latest.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement(TOKEN_PRICES)) {
            ps.setArray(1, text(c, latest, PriceBar::tokenId));
            ps.setArray(2, text(c, latest, PriceBar::conditionId));
            ps.setArray(3, numeric(c, latest, bar -> batch.latestPrice(bar.tokenId())));
            ps.setArray(4, numeric(c, latest, PriceBar::bestBid));
            ps.setArray(5, numeric(c, latest, PriceBar::bestAsk));
            ps.setArray(6, numeric(c, latest, PriceBar::lastTradePrice));
            ps.setArray(7, text(c, latest, bar -> bar.source().column()));
            ps.setArray(8, bigint(c, latest, PriceBar::closeExchangeTimeMs));
            ps.setArray(
                    9,
                    bigint(c, latest, bar -> bar.confirmedAtMs() > 0 ? bar.confirmedAtMs() : null));
            return ps.executeUpdate();
        }
    }

    private static long writeMarkets(Connection c, List<PriceBar> latest, boolean lock)
            throws SQLException {
        if (latest.isEmpty()) {
            return 0;
        }
        Array tokens = text(c, latest, PriceBar::tokenId);
        if (lock) {
            try (PreparedStatement ps = c.prepareStatement(LOCK_MARKETS)) {
                ps.setArray(1, tokens);
                try (ResultSet rows = ps.executeQuery()) {
                    while (rows.next()) {
                        // Every row is locked once read: the query runs to its end here.
                    }
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(MARKETS)) {
            ps.setArray(1, tokens);
            return ps.executeUpdate();
        }
    }

    private static long writePnl(Connection c, List<PriceBar> priced) throws SQLException {
        return pricesByToken(c, POSITIONS_PNL, priced);
    }

    private static long writeResolved(Connection c, List<PriceBar> resolved) throws SQLException {
        if (resolved.isEmpty()) {
            return 0;
        }
        long positions = pricesByToken(c, POSITIONS_RESOLVED, resolved);
        pricesByToken(c, MARKETS_RESOLVED, resolved);
        return positions;
    }

    /** Runs a statement over (token, close price, close exchange time) arrays. */
    private static long pricesByToken(Connection c, String sql, List<PriceBar> bars)
            throws SQLException {
        if (bars.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, text(c, bars, PriceBar::tokenId));
            ps.setArray(2, numeric(c, bars, PriceBar::close));
            ps.setArray(3, bigint(c, bars, PriceBar::closeExchangeTimeMs));
            return ps.executeUpdate();
        }
    }

    private static long writeConfirmed(Connection c, Map<String, Long> confirmed)
            throws SQLException {
        if (confirmed.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement(CONFIRMED)) {
            ps.setArray(1, c.createArrayOf("text", confirmed.keySet().toArray()));
            ps.setArray(2, c.createArrayOf("int8", confirmed.values().toArray()));
            return ps.executeUpdate();
        }
    }

    private static Array text(Connection c, Collection<PriceBar> bars, Function<PriceBar, String> f)
            throws SQLException {
        return c.createArrayOf("text", bars.stream().map(f).toArray());
    }

    private static Array numeric(
            Connection c, Collection<PriceBar> bars, Function<PriceBar, BigDecimal> f)
            throws SQLException {
        return c.createArrayOf("numeric", bars.stream().map(f).toArray());
    }

    private static Array bigint(Connection c, Collection<PriceBar> bars, Function<PriceBar, Long> f)
            throws SQLException {
        return c.createArrayOf("int8", bars.stream().map(f).toArray());
    }
}
