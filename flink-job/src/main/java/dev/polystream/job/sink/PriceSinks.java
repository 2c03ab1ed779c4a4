package dev.polystream.job.sink;

import dev.polystream.job.bar.PriceBar;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The JDBC sinks: every write keyed by token (and second), idempotent, and guarded by exchange time
 * so that an older bar (a replay, a restore) never overwrites a newer price. Writing the same bars
 * twice changes no row.
 */
public final class PriceSinks {

    /**
     * Latest price of a token, and the token's slot in {@code markets.outcome_prices}, in one
     * statement: the market is only touched when {@code token_prices} actually took the bar.
     */
    static final String LATEST_PRICE_SQL =
            """
            WITH latest AS (
              INSERT INTO token_prices AS tp (token_id, market_id, condition_id, price, best_bid,
                  best_ask, last_trade_price, source, exchange_ts, updated_at)
              VALUES (?, (SELECT m.id FROM markets m WHERE m.token_ids @> ARRAY[?]::text[]
                          ORDER BY m.id LIMIT 1), ?, ?, ?, ?, ?, ?, ?, now())
              ON CONFLICT (token_id) DO UPDATE SET
                market_id = COALESCE(EXCLUDED.market_id, tp.market_id),
                condition_id = COALESCE(EXCLUDED.condition_id, tp.condition_id),
                price = COALESCE(EXCLUDED.price, tp.price),
                best_bid = EXCLUDED.best_bid,
                best_ask = EXCLUDED.best_ask,
                last_trade_price = COALESCE(EXCLUDED.last_trade_price, tp.last_trade_price),
                source = EXCLUDED.source,
                exchange_ts = EXCLUDED.exchange_ts,
                updated_at = now()
              WHERE tp.exchange_ts IS NULL OR EXCLUDED.exchange_ts > tp.exchange_ts
              RETURNING token_id, price, source, exchange_ts
            )
            UPDATE markets m SET
              outcome_prices = (
                SELECT array_agg(CASE WHEN u.t = latest.token_id THEN latest.price ELSE u.p END
                                 ORDER BY u.i)
                FROM unnest(m.token_ids, m.outcome_prices) WITH ORDINALITY AS u(t, p, i)),
              source = latest.source,
              prices_updated_at = GREATEST(m.prices_updated_at, latest.exchange_ts)
            FROM latest
            WHERE m.token_ids @> ARRAY[latest.token_id]::text[] AND latest.price IS NOT NULL
            """;

    /** P&L of every active position on the token: one set-based statement per token and bar. */
    static final String POSITIONS_PNL_SQL =
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

    /** The analysts' per-second history: insert, or rewrite only when the bar differs. */
    static final String BARS_SQL =
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

    private PriceSinks() {}

    /** Attaches the three sinks to a stream of bars keyed (and so ordered) by token. */
    public static void attach(
            DataStream<PriceBar> bars,
            JdbcConnectionOptions connection,
            JdbcExecutionOptions execution) {
        bars.sinkTo(sink(LATEST_PRICE_SQL, PriceSinks::bindLatestPrice, connection, execution))
                .name("token_prices + markets")
                .uid("sink-latest-price");
        bars.filter(bar -> bar.close() != null)
                .name("priced bars")
                .uid("priced-bars")
                .sinkTo(
                        sink(
                                POSITIONS_PNL_SQL,
                                PriceSinks::bindPositionsPnl,
                                connection,
                                execution))
                .name("positions P&L")
                .uid("sink-positions-pnl");
        bars.sinkTo(sink(BARS_SQL, PriceSinks::bindBar, connection, execution))
                .name("price_bars_1s")
                .uid("sink-price-bars");
    }

    private static JdbcSink<PriceBar> sink(
            String sql,
            JdbcStatementBuilder<PriceBar> binder,
            JdbcConnectionOptions connection,
            JdbcExecutionOptions execution) {
        return JdbcSink.<PriceBar>builder()
                .withQueryStatement(sql, binder)
                .withExecutionOptions(execution)
                .buildAtLeastOnce(connection);
    }

    static void bindLatestPrice(PreparedStatement ps, PriceBar bar) throws SQLException {
        ps.setString(1, bar.tokenId());
        ps.setString(2, bar.tokenId());
        ps.setString(3, bar.conditionId());
        setDecimal(ps, 4, bar.close());
        setDecimal(ps, 5, bar.bestBid());
        setDecimal(ps, 6, bar.bestAsk());
        setDecimal(ps, 7, bar.lastTradePrice());
        ps.setString(8, bar.source().column());
        ps.setObject(9, timestamp(bar.closeExchangeTimeMs()));
    }

    static void bindPositionsPnl(PreparedStatement ps, PriceBar bar) throws SQLException {
        setDecimal(ps, 1, bar.close());
        setDecimal(ps, 2, bar.close());
        setDecimal(ps, 3, bar.close());
        ps.setObject(4, timestamp(bar.closeExchangeTimeMs()));
        ps.setString(5, bar.tokenId());
        ps.setObject(6, timestamp(bar.closeExchangeTimeMs()));
    }

    static void bindBar(PreparedStatement ps, PriceBar bar) throws SQLException {
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
    }

    private static void setDecimal(PreparedStatement ps, int index, BigDecimal value)
            throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.NUMERIC);
        } else {
            ps.setBigDecimal(index, value);
        }
    }

    private static OffsetDateTime timestamp(long epochMs) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMs), ZoneOffset.UTC);
    }
}
