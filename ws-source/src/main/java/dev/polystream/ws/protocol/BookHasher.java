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
 * REST or Gamma, or are guessed: {@link #preimage} serialises the levels once so that several
 * guesses cost one SHA-1 each. Use the result as a hint only: mismatches are common (protocol notes
 * §2.9).
 */
public final class BookHasher {

    private static final ThreadLocal<MessageDigest> SHA1 =
            ThreadLocal.withInitial(BookHasher::newSha1);

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

    /** Levels already serialised with {@link #levelJson}, in wire order. */
    public interface LevelBytesWriter {
        void writeTo(LevelBytesSink out);
    }

    /** Receives serialised levels in order. */
    public interface LevelBytesSink {
        void level(byte[] json);
    }

    /** One level as the preimage holds it: {@code {"price":"0.48","size":"30"}}, ASCII. */
    public static byte[] levelJson(BigDecimal price, BigDecimal size) {
        return ("{\"price\":\""
                        + price.toPlainString()
                        + "\",\"size\":\""
                        + size.toPlainString()
                        + "\"}")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * {@link #preimage} from serialised levels: nothing is formatted again, nothing is copied. The
     * result shares a buffer of this thread: use it before the next call on the same thread.
     */
    public static Preimage preimageOfBytes(
            String market,
            String assetId,
            long timestamp,
            LevelBytesWriter bids,
            LevelBytesWriter asks) {
        StringBuilder head = new StringBuilder(200);
        head.append("{\"market\":");
        string(head, market);
        head.append(",\"asset_id\":");
        string(head, assetId);
        head.append(",\"timestamp\":\"").append(timestamp).append('"');
        head.append(",\"hash\":\"\",\"bids\":[");
        ByteBuffer out = BUFFER.get();
        out.length = 0;
        out.ascii(head);
        out.levels(bids);
        out.ascii("],\"asks\":[");
        out.levels(asks);
        out.ascii("],\"min_order_size\":");
        return new Preimage(out.bytes, out.length);
    }

    private static final ThreadLocal<ByteBuffer> BUFFER = ThreadLocal.withInitial(ByteBuffer::new);

    /** A growable byte array for {@link #preimageOfBytes}. */
    private static final class ByteBuffer implements LevelBytesSink {
        private byte[] bytes = new byte[2048];
        private int length;
        private int levelsStart;

        void levels(LevelBytesWriter writer) {
            levelsStart = length;
            writer.writeTo(this);
        }

        @Override
        public void level(byte[] json) {
            if (length > levelsStart) {
                room(1);
                bytes[length++] = ',';
            }
            room(json.length);
            System.arraycopy(json, 0, bytes, length, json.length);
            length += json.length;
        }

        void ascii(CharSequence text) {
            room(text.length());
            for (int i = 0, n = text.length(); i < n; i++) {
                bytes[length++] = (byte) text.charAt(i);
            }
        }

        private void room(int more) {
            if (length + more > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }
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
        return preimage(market, assetId, timestamp, levels(bids), levels(asks))
                .hash(minOrderSize, tickSize, negRisk, lastTradePrice);
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
        return preimage(market, assetId, timestamp, bids, asks)
                .hash(minOrderSize, tickSize, negRisk, lastTradePrice);
    }

    /** Levels from a list, for {@link #preimage}. */
    public static LevelWriter levels(List<PriceLevel> levels) {
        return out -> {
            for (int i = 0, n = levels.size(); i < n; i++) {
                PriceLevel l = levels.get(i);
                out.level(l.price(), l.size());
            }
        };
    }

    /** The part of the preimage that does not depend on the market parameters. */
    public static Preimage preimage(
            String market, String assetId, long timestamp, LevelWriter bids, LevelWriter asks) {
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
        // Everything is ASCII after escaping: one byte per char.
        byte[] bytes = json.toString().getBytes(StandardCharsets.US_ASCII);
        return new Preimage(bytes, bytes.length);
    }

    /** A serialised book awaiting its market parameters. */
    public static final class Preimage {
        private final byte[] prefix;
        private final int length;

        private Preimage(byte[] prefix, int length) {
            this.prefix = prefix;
            this.length = length;
        }

        /** The hash with these market parameters. */
        public String hash(
                String minOrderSize, BigDecimal tickSize, boolean negRisk, BigDecimal lastTrade) {
            StringBuilder json = new StringBuilder(96);
            string(json, minOrderSize);
            json.append(",\"tick_size\":");
            string(json, tickSize == null ? "" : tickSize.toPlainString());
            json.append(",\"neg_risk\":").append(negRisk);
            json.append(",\"last_trade_price\":");
            string(json, lastTrade == null ? "" : lastTrade.toPlainString());
            json.append('}');
            MessageDigest sha1 = SHA1.get();
            sha1.reset();
            sha1.update(prefix, 0, length);
            sha1.update(json.toString().getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha1.digest());
        }
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

    private static MessageDigest newSha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is a mandatory JDK algorithm", e);
        }
    }
}
