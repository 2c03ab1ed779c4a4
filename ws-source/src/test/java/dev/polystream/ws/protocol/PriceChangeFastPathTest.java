package dev.polystream.ws.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystream.ws.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The hand-written {@code price_change} reader against Jackson's path: the same result on every
 * frame, real or mutated, or it declines.
 */
class PriceChangeFastPathTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MUTATED = Integer.getInteger("fuzz.fastpath.frames", 300_000);

    private static final List<String> CURRENT_SCHEMA =
            List.of(
                    "price_change__NEW_price_changes__docs_migration_guide.json",
                    "price_change__NEW_semi_synthetic__nautilus.json",
                    "price_change__NEW_single_entry_real_2026-04-20__poly-websockets_issue25.json");

    private final MarketMessageParser withFastPath = new MarketMessageParser(true, true);
    private final MarketMessageParser jacksonOnly = new MarketMessageParser(true, false);

    private static String compact(String fixture) throws Exception {
        return JSON.readTree(Fixtures.wsMarket(fixture)).toString();
    }

    @Test
    void shouldReadEveryCurrentSchemaFixtureExactlyAsJacksonDoes() throws Exception {
        PriceChangeFastPath fast = new PriceChangeFastPath(new TextCache(64, 64), true);
        for (String fixture : CURRENT_SCHEMA) {
            for (String frame : List.of(compact(fixture), Fixtures.wsMarket(fixture))) {
                PriceChangeEvent event = fast.parse(frame);

                assertThat(event).as(fixture).isNotNull();
                ParsedFrame jackson = jacksonOnly.parse(frame);
                assertThat(jackson.errors()).isEmpty();
                assertThat(jackson.events()).containsExactly(event);
                assertThat(withFastPath.parse(frame)).isEqualTo(jackson);
            }
        }
    }

    @Test
    void shouldDeclineWhatItDoesNotFullyUnderstand() throws Exception {
        String frame = compact(CURRENT_SCHEMA.get(2));
        PriceChangeFastPath fast = new PriceChangeFastPath(new TextCache(64, 64), true);
        List<String> declined =
                List.of(
                        frame.replace(
                                "\"price_change\"", "\"PRICE_CHANGE\""), // Jackson: lower-cased
                        frame.replace("\"BUY\"", "\"buy\""), // Jackson: tolerated
                        frame.replace("\"market\"", "\"price\":\"x\",\"market\""), // fails there
                        frame.replace("\"0.53\"", "0.53"), // a JSON number
                        frame.replace("\"market\":\"", "\"market\":\"\\u0030"), // an escape
                        frame.replace("}", "},"), // broken
                        frame + " x",
                        "[" + frame + "]", // arrays go to Jackson
                        frame.replace("\"side\"", "\"extra\":{\"nested\":1},\"side\""));
        for (String variant : declined) {
            assertThat(fast.parse(variant)).as(variant).isNull();
            assertThat(withFastPath.parse(variant)).isEqualTo(jacksonOnly.parse(variant));
        }
        // unknown scalar fields are skipped, as Jackson skips them
        String extra = frame.replace("\"side\"", "\"fee\":\"1\",\"flag\":true,\"side\"");
        assertThat(fast.parse(extra)).isNotNull();
        assertThat(withFastPath.parse(extra)).isEqualTo(jacksonOnly.parse(extra));
    }

    @Test
    void shouldAgreeWithJacksonOnMutatedFrames() throws Exception {
        List<String> seeds = new ArrayList<>();
        for (String fixture : CURRENT_SCHEMA) {
            seeds.add(compact(fixture));
            seeds.add(Fixtures.wsMarket(fixture));
        }
        PriceChangeFastPath fast = new PriceChangeFastPath(new TextCache(4096, 4096), true);
        SplittableRandom random = new SplittableRandom(7);
        String[] splices = {
            "{",
            "}",
            "[",
            "]",
            "\"",
            ",",
            ":",
            " ",
            "\n",
            "\\",
            "\\\"",
            "\\u0041",
            "\u0000",
            "\u00e9",
            "\ud800",
            "\ud83d\ude00",
            "true",
            "null",
            "01",
            "-",
            "\"\"",
            "\"x\":\"y\",",
            "\"x\":null,",
            "\"hash\":\"h\",",
            "\"price\":\"0.5\",",
            "\"timestamp\":\"\",",
            "\"market\":\"0x1\",",
            "\"event_type\":\"price_change\","
        };
        int handled = 0;
        for (int i = 0; i < MUTATED; i++) {
            StringBuilder s = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
            for (int m = random.nextInt(3); m >= 0; m--) {
                int at = random.nextInt(s.length() + 1);
                switch (random.nextInt(5)) {
                    case 0 -> s.setLength(Math.min(at, s.length()));
                    case 1 -> s.insert(at, splices[random.nextInt(splices.length)]);
                    case 2 -> {
                        if (at < s.length()) {
                            s.deleteCharAt(at);
                        }
                    }
                    case 3 -> {
                        if (at < s.length()) {
                            s.setCharAt(at, (char) (0x20 + random.nextInt(0x5f)));
                        }
                    }
                    default -> {
                        int to = Math.min(s.length(), at + 1 + random.nextInt(40));
                        s.insert(at, s.substring(Math.min(at, s.length()), to));
                    }
                }
            }
            String frame = s.toString();
            if (fast.parse(frame) != null) {
                handled++;
            }
            assertThat(withFastPath.parse(frame)).as(frame).isEqualTo(jacksonOnly.parse(frame));
        }
        // both paths were exercised
        assertThat(handled).isGreaterThan(MUTATED / 20).isLessThan(MUTATED - MUTATED / 20);
    }
}
