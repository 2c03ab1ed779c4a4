package dev.polystream.ws.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The id cache: the same instance for the same text, two texts of one slot pair both kept. */
class TextCacheTest {

    private static String cached(TextCache cache, String text) {
        byte[] chars = ("xx" + text + "yy").getBytes(StandardCharsets.US_ASCII);
        return cache.string(chars, 2, text.length());
    }

    @Test
    void shouldKeepTwoTextsThatShareASlotPair() {
        // Two slots, one pair (a direct-mapped cache put both texts in slot 1: they swapped).
        TextCache cache = new TextCache(2, 2);
        String first = cached(cache, "1234567890");
        String second = cached(cache, "9876543210");

        for (int i = 0; i < 3; i++) {
            assertThat(cached(cache, "1234567890")).isSameAs(first);
            assertThat(cached(cache, "9876543210")).isSameAs(second);
        }
        String third = cached(cache, "5555555555");
        assertThat(third).isEqualTo("5555555555");
        assertThat(cached(cache, "5555555555")).isSameAs(third);
    }

    @Test
    void shouldRefuseAControlCharacterOnEveryHit() {
        TextCache cache = new TextCache(64, 64);
        byte[] bad = "ab\u0001cd".getBytes(StandardCharsets.US_ASCII);

        assertThat(cache.string(bad, 0, bad.length)).isEqualTo("ab\u0001cd");
        assertThat(cache.printableString(bad, 0, bad.length)).isNull();
        byte[] good = "abcd".getBytes(StandardCharsets.US_ASCII);
        assertThat(cache.printableString(good, 0, good.length)).isEqualTo("abcd");
        assertThat(cache.printableString(good, 0, good.length))
                .isSameAs(cache.string(good, 0, good.length));
    }

    @Test
    void shouldCallABytePastAsciiNotPrintable() {
        TextCache cache = new TextCache(64, 64);
        byte[] utf8 = "ab\u00e9cd".getBytes(StandardCharsets.UTF_8);

        assertThat(cache.printableString(utf8, 0, utf8.length)).isNull();
        assertThat(cache.cachedPlain(utf8, 0, utf8.length)).isNull();
    }

    @Test
    void shouldNotCallATextWithABackslashPlain() {
        TextCache cache = new TextCache(64, 64);
        byte[] escaped = "ab\\cd".getBytes(StandardCharsets.US_ASCII);
        byte[] plain = "abcd".getBytes(StandardCharsets.US_ASCII);
        cache.string(escaped, 0, escaped.length);
        cache.string(plain, 0, plain.length);

        assertThat(cache.cachedPlain(escaped, 0, escaped.length)).isNull();
        assertThat(cache.cachedPlain(plain, 0, plain.length)).isEqualTo("abcd");
    }

    @Test
    void shouldKeepHundredsOfSequentialIds() {
        // The client benchmark's shape: 400 token ids that differ in their last digits, 200
        // condition ids. Once cached, nearly every lookup must hit (a bad slot scheme thrashed).
        TextCache cache = new TextCache(4096, 4096);
        List<String> ids = new ArrayList<>();
        for (int m = 0; m < 200; m++) {
            ids.add(Long.toString(8_000_000_000L + 2L * m));
            ids.add(Long.toString(8_000_000_001L + 2L * m));
            ids.add(String.format(Locale.ROOT, "0x%064x", m + 1));
        }
        Map<String, String> first = new HashMap<>();
        ids.forEach(id -> first.put(id, cached(cache, id)));
        int hits = 0;
        for (int lap = 0; lap < 4; lap++) {
            for (String id : ids) {
                String again = cached(cache, id);
                if (again == first.get(id)) {
                    hits++;
                }
                first.put(id, again);
            }
        }
        assertThat(hits).isGreaterThanOrEqualTo(4 * ids.size() * 95 / 100);
    }
}
