package dev.polystream.job.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.polystream.job.bar.PriceBar;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One bar as the JSON value of a {@code bars.topic} record: the columns of {@code price_bars_1s},
 * snake_case, prices as exact JSON numbers, absent prices as null. The contract for consumers is
 * documented in the flink-job README.
 */
public final class BarJson {

    private static final JsonFactory JSON = new JsonFactory();

    private BarJson() {}

    /** The bar's JSON, UTF-8. */
    public static byte[] encode(PriceBar bar) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(384);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("token_id", bar.tokenId());
            g.writeStringField("condition_id", bar.conditionId());
            g.writeStringField("bucket", Instant.ofEpochMilli(bar.bucketMs()).toString());
            g.writeNumberField("bucket_ms", bar.bucketMs());
            decimal(g, "open", bar.open());
            decimal(g, "high", bar.high());
            decimal(g, "low", bar.low());
            decimal(g, "close", bar.close());
            decimal(g, "best_bid", bar.bestBid());
            decimal(g, "best_ask", bar.bestAsk());
            decimal(g, "last_trade_price", bar.lastTradePrice());
            decimal(g, "volume", bar.volume());
            g.writeNumberField("messages", bar.messages());
            g.writeStringField("source", bar.source() == null ? null : bar.source().column());
            g.writeNumberField("close_exchange_time_ms", bar.closeExchangeTimeMs());
            g.writeBooleanField("resolved", bar.resolved());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write a bar as JSON", e);
        }
        return out.toByteArray();
    }

    private static void decimal(JsonGenerator g, String name, BigDecimal value) throws IOException {
        g.writeFieldName(name);
        if (value == null) {
            g.writeNull();
        } else {
            // Plain notation: consumers parse 0.00001, not 1E-5.
            g.writeNumber(value.toPlainString());
        }
    }
}
