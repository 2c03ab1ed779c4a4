package dev.polystream.ws.protocol;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The book {@code hash} of §2.9: lowercase hex SHA-1 of the compact JSON object {@code
 * {"market","asset_id","timestamp","hash":"","bids","asks","min_order_size","tick_size",
 * "neg_risk","last_trade_price"}} in that key order, levels in wire order with the wire strings.
 *
 * <p>{@code min_order_size} and {@code neg_risk} are not on the WebSocket messages; they come from
 * REST or Gamma. Use the result as a hint only: mismatches are common (protocol notes §2.9).
 */
public final class BookHasher {

    private BookHasher() {}

    /** A sink for levels, so a book can feed its sorted maps without copying them into lists. */
    public interface LevelWriter {
        /** Calls {@code out.level(price, size)} for each level in wire order. */
        void writeTo(LevelSink out);
    }

    /** Receives levels in order. */
    public interface LevelSink {
        void level(BigDecimal price, BigDecimal size);
    }

    /**
     * @param timestamp the message timestamp as sent (epoch ms)
     * @param lastTradePrice null or empty when no trade is known
     * @param tickSize null is serialised as {@code ""}
     */
    public static String hash(
            String market,
            String assetId,
            long timestamp,
            List<PriceLevel> bids,
            List<PriceLevel> asks,
            String minOrderSize,
            BigDecimal tickSize,
            boolean negRisk,
            BigDecimal lastTradePrice) {
        return hash(
                market,
                assetId,
                timestamp,
                out -> bids.forEach(l -> out.level(l.price(), l.size())),
                out -> asks.forEach(l -> out.level(l.price(), l.size())),
                minOrderSize,
                tickSize,
                negRisk,
                lastTradePrice);
    }

    public static String hash(
            String market,
            String assetId,
            long timestamp,
            LevelWriter bids,
            LevelWriter asks,
            String minOrderSize,
            BigDecimal tickSize,
            boolean negRisk,
            BigDecimal lastTradePrice) {
        StringBuilder json = new StringBuilder(256);
        json.append("{\"market\":");
        string(json, market);
        json.append(",\"asset_id\":");
        string(json, assetId);
        json.append(",\"timestamp\":\"").append(timestamp).append('"');
        json.append(",\"hash\":\"\",\"bids\":[");
        levels(json, bids);
        json.append("],\"asks\":[");
        levels(json, asks);
        json.append("],\"min_order_size\":");
        string(json, minOrderSize);
        json.append(",\"tick_size\":");
        string(json, tickSize == null ? "" : tickSize.toPlainString());
        json.append(",\"neg_risk\":").append(negRisk);
        json.append(",\"last_trade_price\":");
        string(json, lastTradePrice == null ? "" : lastTradePrice.toPlainString());
        json.append('}');
        return sha1Hex(json.toString());
    }

    private static void levels(StringBuilder json, LevelWriter writer) {
        int start = json.length();
        writer.writeTo(
                (price, size) -> {
                    if (json.length() > start) {
                        json.append(',');
                    }
                    json.append("{\"price\":\"")
                            .append(price.toPlainString())
                            .append("\",\"size\":\"")
                            .append(size.toPlainString())
                            .append("\"}");
                });
    }

    private static void string(StringBuilder json, String value) {
        json.append('"');
        if (value != null) {
            for (int i = 0, n = value.length(); i < n; i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '"' -> json.append("\\\"");
                    case '\\' -> json.append("\\\\");
                    default -> {
                        if (c < 0x20 || c > 0x7e) {
                            // Python's json.dumps(ensure_ascii=True), which produced the hashes
                            json.append(String.format("\\u%04x", (int) c));
                        } else {
                            json.append(c);
                        }
                    }
                }
            }
        }
        json.append('"');
    }

    static String sha1Hex(String text) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(sha1.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is a mandatory JDK algorithm", e);
        }
    }
}
