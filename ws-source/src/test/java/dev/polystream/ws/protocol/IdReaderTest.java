package dev.polystream.ws.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link IdReader} takes an id's end from the last id of its field when the cache holds the text
 * before it: the same id as a search for the quote, and never a cached text that holds a quote.
 */
class IdReaderTest {

    private static String frame(String market, String assetId) {
        return "{\"market\":\""
                + market
                + "\",\"price_changes\":[{\"asset_id\":\""
                + assetId
                + "\",\"price\":\"0.5\",\"size\":\"10\",\"side\":\"BUY\""
                + ",\"best_bid\":\"0.5\",\"best_ask\":\"0.6\"}],\"timestamp\":\"1\","
                + "\"event_type\":\"price_change\"}";
    }

    @Test
    void shouldReadGuessedAndSearchedIdsAlike() {
        PriceChangeFastPath fast = new PriceChangeFastPath(new TextCache(64, 64), true);
        String[][] ids = {
            {"0xaaaa", "12345"}, {"0xaaaa", "12345"}, {"0xaaab", "123456"}, {"0xaaaa", "12345"},
            {"0xaa", "12346"}, {"0xaaaa", "1234"}, {"0xaaaa", "12345"}, {"0xaaaa", "12345"}
        };
        for (String[] id : ids) {
            PriceChangeEvent event = fast.parse(frame(id[0], id[1]));
            assertThat(event).as(id[0] + " " + id[1]).isNotNull();
            assertThat(event.market()).isEqualTo(id[0]);
            assertThat(event.changes().get(0).assetId()).isEqualTo(id[1]);
        }
    }

    @Test
    void shouldNotTakeACachedIdHoldingAQuoteForOneEndingThere() {
        TextCache cache = new TextCache(64, 64);
        PriceChangeFastPath fast = new PriceChangeFastPath(cache, true);
        // The last asset id was 5 characters long: the next one is guessed to end after 5.
        assertThat(fast.parse(frame("0xabc", "abcde"))).isNotNull();
        // What Jackson's path stores for "ab\"cd": the decoded text, quote included.
        byte[] decoded = "ab\"cd".getBytes(StandardCharsets.US_ASCII);
        assertThat(cache.string(decoded, 0, decoded.length)).isEqualTo("ab\"cd");

        // Raw, that text is a string "ab" followed by garbage: not an id of 5 characters.
        assertThat(fast.parse(frame("0xabc", "ab\"cd"))).isNull();
    }

    @Test
    void shouldNotTakeACachedIdHoldingABackslashForTheSameBytesRaw() {
        TextCache cache = new TextCache(64, 64);
        PriceChangeFastPath fast = new PriceChangeFastPath(cache, true);
        assertThat(fast.parse(frame("0xabc", "abcd"))).isNotNull();
        // What Jackson's path stores for "a\\bc": a backslash, then "bc".
        byte[] decoded = "a\\bc".getBytes(StandardCharsets.US_ASCII);
        assertThat(cache.string(decoded, 0, decoded.length)).isEqualTo("a\\bc");

        // Raw, the same four bytes are "a", a backspace escape, "c": not that id.
        assertThat(fast.parse(frame("0xabc", "a\\bc"))).isNull();
        MarketMessageParser withFastPath = new MarketMessageParser(true, true);
        MarketMessageParser jacksonOnly = new MarketMessageParser(true, false);
        String raw = frame("0xabc", "a\\bc");
        assertThat(withFastPath.parse(raw)).isEqualTo(jacksonOnly.parse(raw));
    }

    @Test
    void shouldAgreeWithJacksonWhenTheGuessMeetsAQuotedId() {
        MarketMessageParser withFastPath = new MarketMessageParser(true, true);
        MarketMessageParser jacksonOnly = new MarketMessageParser(true, false);
        String[] frames = {
            frame("0xabc", "abcde"), frame("0xabc", "ab\\\"cd"), frame("0xabc", "ab\"cd")
        };
        for (String frame : frames) {
            assertThat(withFastPath.parse(frame)).as(frame).isEqualTo(jacksonOnly.parse(frame));
        }
    }
}
