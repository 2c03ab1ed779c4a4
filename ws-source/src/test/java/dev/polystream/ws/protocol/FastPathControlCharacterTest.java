package dev.polystream.ws.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The fast path finds a string's end by its quote alone: a raw control character is refused by what
 * reads the value, even when the same text is already cached because Jackson decoded it from an
 * escape.
 */
class FastPathControlCharacterTest {

    private static String frame(String assetId, String extra) {
        return "{\"market\":\"0xabc\",\"price_changes\":[{\"asset_id\":\""
                + assetId
                + "\",\"price\":\"0.5\",\"size\":\"10\",\"side\":\"BUY\""
                + extra
                + ",\"best_bid\":\"0.5\",\"best_ask\":\"0.6\"}],\"timestamp\":\"1\","
                + "\"event_type\":\"price_change\"}";
    }

    @Test
    void shouldDeclineARawControlCharacterInACachedId() {
        TextCache cache = new TextCache(64, 64);
        PriceChangeFastPath fast = new PriceChangeFastPath(cache, true);
        // What Jackson's path stores for "12\u00013": the decoded text, control character included.
        byte[] decoded = "12\u00013".getBytes(StandardCharsets.US_ASCII);
        assertThat(cache.string(decoded, 0, decoded.length)).isEqualTo("12\u00013");

        assertThat(fast.parse(frame("12\u00013", ""))).isNull();
        assertThat(fast.parse(frame("123", ""))).isNotNull();
    }

    @Test
    void shouldDeclineControlCharactersAndEscapesAnywhere() {
        PriceChangeFastPath fast = new PriceChangeFastPath(new TextCache(64, 64), true);

        assertThat(fast.parse(frame("1\n2", ""))).isNull();
        assertThat(fast.parse(frame("12", ",\"note\":\"a\tb\""))).isNull();
        assertThat(fast.parse(frame("12", ",\"no\u0001te\":\"ab\""))).isNull();
        assertThat(fast.parse(frame("12", ",\"hash\":\"ab\u001fcd\""))).isNull();
        assertThat(fast.parse(frame("12", ",\"note\":\"a\\\"b\""))).isNull();
        assertThat(fast.parse(frame("12", ",\"note\":\"" + "x".repeat(40) + "\""))).isNotNull();
    }

    @Test
    void shouldDeclineBytesBeyondAsciiAnywhere() {
        PriceChangeFastPath fast = new PriceChangeFastPath(new TextCache(64, 64), true);

        assertThat(fast.parse(frame("12\u00e93", ""))).isNull();
        assertThat(fast.parse(frame("12", ",\"hash\":\"ab\u00e9cd\""))).isNull();
        assertThat(fast.parse(frame("12", ",\"n\u00f6te\":\"ab\""))).isNull();
        assertThat(fast.parse(frame("12", ",\"note\":\"\u20ac\""))).isNull();
        assertThat(fast.parse(frame("12", ",\"note\":\"ab\""))).isNotNull();
    }

    @Test
    void shouldAgreeWithJacksonOnThoseFrames() {
        MarketMessageParser withFastPath = new MarketMessageParser(true, true);
        MarketMessageParser jacksonOnly = new MarketMessageParser(true, false);
        String[] frames = {
            frame("12\\u00013", ""),
            frame("12\u00013", ""),
            frame("1\n2", ""),
            frame("12", ",\"note\":\"a\tb\""),
            frame("12", ",\"hash\":\"ab\u001fcd\""),
            frame("12", ",\"note\":\"" + "x".repeat(40) + "\""),
            frame("12\u00e93", ""),
            frame("12", ",\"hash\":\"ab\u00e9cd\""),
            frame("12", ",\"note\":\"\u20ac\"")
        };
        for (String frame : frames) {
            assertThat(withFastPath.parse(frame)).as(frame).isEqualTo(jacksonOnly.parse(frame));
        }
    }
}
