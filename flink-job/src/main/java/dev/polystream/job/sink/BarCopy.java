package dev.polystream.job.sink;

import dev.polystream.job.bar.PriceBar;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import org.postgresql.PGConnection;

/**
 * Writes a flush's one-second bars: {@code COPY} (text format) into a temporary staging table, then
 * one {@code INSERT … SELECT … ON CONFLICT} applies the rule of {@code price_bars_1s}: insert, or
 * rewrite only when the bar differs (a replay, or at-least-once delivery after a restore, rewrites
 * the same rows). COPY streams the rows without building a dozen arrays that the server parses
 * again, and works unchanged on a {@code price_bars_1s} partitioned by day (the conflict target is
 * the table's primary key columns, whatever their order).
 */
final class BarCopy {

    /**
     * The staging table: one per connection, emptied at each commit (and gone with a rolled-back
     * transaction that created it, hence {@code IF NOT EXISTS} at every flush).
     */
    static final String STAGING =
            """
            CREATE TEMP TABLE IF NOT EXISTS bars_in (token_id text, bucket_ms bigint,
                open numeric, high numeric, low numeric, close numeric, best_bid numeric,
                best_ask numeric, last_trade_price numeric, volume numeric, messages int,
                source text) ON COMMIT DELETE ROWS
            """;

    static final String COPY = "COPY bars_in FROM STDIN";

    /** The analysts' per-second history: insert, or rewrite only when the bar differs. */
    static final String MERGE =
            """
            INSERT INTO price_bars_1s AS b (token_id, bucket, open, high, low, close, best_bid,
                best_ask, last_trade_price, volume, messages, source)
            SELECT u.token_id, 'epoch'::timestamptz + u.bucket_ms * interval '1 millisecond',
                   u.open, u.high, u.low, u.close, u.best_bid, u.best_ask,
                   u.last_trade_price, u.volume, u.messages, u.source
            FROM bars_in u
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

    private BarCopy() {}

    /** Writes the bars in the caller's transaction; returns the rows inserted or rewritten. */
    static long write(Connection c, Collection<PriceBar> bars) throws SQLException {
        if (bars.isEmpty()) {
            return 0;
        }
        try (Statement s = c.createStatement()) {
            s.execute(STAGING);
        }
        byte[] rows = rows(bars).getBytes(StandardCharsets.UTF_8);
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY, new ByteArrayInputStream(rows));
        } catch (IOException e) {
            // Reading a byte array does not fail; the driver reports a lost connection as SQL.
            throw new SQLException("COPY of the bars failed: " + e.getMessage(), "08006", e);
        }
        try (Statement s = c.createStatement()) {
            return s.executeUpdate(MERGE);
        }
    }

    /** The bars in COPY's text format: tab-separated, {@code \N} for null, one row a line. */
    static String rows(Collection<PriceBar> bars) {
        StringBuilder out = new StringBuilder(bars.size() * 96);
        for (PriceBar bar : bars) {
            text(out, bar.tokenId()).append('\t').append(bar.bucketMs());
            numeric(out, bar.open());
            numeric(out, bar.high());
            numeric(out, bar.low());
            numeric(out, bar.close());
            numeric(out, bar.bestBid());
            numeric(out, bar.bestAsk());
            numeric(out, bar.lastTradePrice());
            numeric(out, bar.volume());
            out.append('\t').append(bar.messages()).append('\t');
            text(out, bar.source() == null ? null : bar.source().column()).append('\n');
        }
        return out.toString();
    }

    private static void numeric(StringBuilder out, BigDecimal value) {
        out.append('\t');
        if (value == null) {
            out.append("\\N");
        } else {
            out.append(value.toPlainString());
        }
    }

    /** A text field, escaped as COPY's text format requires. */
    private static StringBuilder text(StringBuilder out, String value) {
        if (value == null) {
            return out.append("\\N");
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
        return out;
    }
}
