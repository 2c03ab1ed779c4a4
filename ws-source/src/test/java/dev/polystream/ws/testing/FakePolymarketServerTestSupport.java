package dev.polystream.ws.testing;

import static dev.polystream.ws.testing.FakePolymarketServer.levels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystream.ws.protocol.BookHasher;
import dev.polystream.ws.protocol.PriceLevel;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The fake server with one binary market at a fixed time, and the helpers its tests share. */
abstract class FakePolymarketServerTestSupport {

    static final Duration WAIT = Duration.ofSeconds(5);
    static final Duration QUIET = Duration.ofMillis(300);
    static final ObjectMapper JSON = new ObjectMapper();
    static final String MARKET = "0x" + "ab".repeat(32);
    static final String YES = "1111";
    static final String NO = "2222";
    static final long T0 = 1_790_000_000_000L;

    FakePolymarketServer server;

    @BeforeEach
    void startServer() {
        server = FakePolymarketServer.start();
        server.setTime(T0);
        server.addBinaryMarket(
                MARKET,
                YES,
                NO,
                levels("0.40", "100", "0.48", "30"),
                levels("0.55", "20", "0.52", "10"));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    JdkWebSocket connect() throws Exception {
        return new JdkWebSocket(server.wsUrl());
    }

    static String initial(String... tokens) throws Exception {
        return "{\"assets_ids\":"
                + JSON.writeValueAsString(List.of(tokens))
                + ",\"type\":\"market\",\"initial_dump\":true,\"custom_feature_enabled\":true}";
    }

    /** Reads frames until one matches (bounded by {@link #WAIT} each). */
    static String drainUntil(JdkWebSocket ws, java.util.function.Predicate<String> match)
            throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String frame = ws.next(WAIT);
            if (frame == null) {
                break;
            }
            if (match.test(frame)) {
                return frame;
            }
        }
        throw new AssertionError("no matching frame within " + WAIT);
    }

    /** Every frame that arrives until the socket stays quiet for {@link #QUIET}. */
    static List<String> drainQuietly(JdkWebSocket ws) throws Exception {
        List<String> frames = new java.util.ArrayList<>();
        String frame;
        while ((frame = ws.next(QUIET)) != null) {
            frames.add(frame);
        }
        return frames;
    }

    static String expectedHash(JsonNode book) {
        return BookHasher.hash(
                book.get("market").asText(),
                book.get("asset_id").asText(),
                Long.parseLong(book.get("timestamp").asText()),
                levelsOf(book.get("bids")),
                levelsOf(book.get("asks")),
                "5",
                new BigDecimal(book.get("tick_size").asText()),
                false,
                book.get("last_trade_price").asText().isEmpty()
                        ? null
                        : new BigDecimal(book.get("last_trade_price").asText()));
    }

    static List<PriceLevel> levelsOf(JsonNode array) {
        java.util.ArrayList<PriceLevel> levels = new java.util.ArrayList<>();
        array.forEach(
                l -> levels.add(PriceLevel.of(l.get("price").asText(), l.get("size").asText())));
        return levels;
    }
}
