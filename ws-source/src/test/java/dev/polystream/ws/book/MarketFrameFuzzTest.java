package dev.polystream.ws.book;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystream.ws.PriceSource;
import dev.polystream.ws.PriceTick;
import dev.polystream.ws.protocol.ParseErrorKind;
import dev.polystream.ws.testing.Fixtures;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A million randomly mutated and truncated market-channel frames through the parser and the books:
 * nothing escapes, every frame is accounted for (exactly one of data, malformed or a control
 * string), no internal failure is swallowed, and no published top is crossed. The seed is fixed
 * (override with {@code -Dfuzz.seed=...}, scale with {@code -Dfuzz.frames=...}).
 */
class MarketFrameFuzzTest {

    private static final int FRAMES = Integer.getInteger("fuzz.frames", 1_000_000);
    private static final long SEED = Long.getLong("fuzz.seed", 20261125L);

    /** Bits of JSON and of the protocol that mutations splice in. */
    private static final String[] SPLICES = {
        "{",
        "}",
        "[",
        "]",
        "\"",
        ",",
        ":",
        "\\",
        "\\u0000",
        "\\ud800",
        "null",
        "true",
        "-",
        "0",
        "1e999999999",
        "-1",
        "0.5",
        "\"0.50\"",
        "\"\"",
        "\"NaN\"",
        "\"1e-999999999\"",
        "99999999999999999999999999999999999999999999999999",
        "\"price_change\"",
        "\"book\"",
        "\"event_type\"",
        "\"price_changes\"",
        "\"changes\"",
        "\"asset_id\"",
        "\"BUY\"",
        "\"SELL\"",
        "\"best_bid\":\"0.9\"",
        "\"best_ask\":\"0.1\"",
        "\"size\":\"0\"",
        "[{}]",
        "[[[[",
        "]]]]",
        "PONG",
        "INVALID OPERATION",
        "NO NEW ASSETS",
        "\n",
        "\t",
        " ",
        "\u00e9",
        "\ud83d\ude00"
    };

    @Test
    void shouldAccountForEveryMutatedFrameWithoutThrowing() {
        List<String> seeds = seeds();
        SplittableRandom random = new SplittableRandom(SEED);
        MarketFeedProcessor processor =
                new MarketFeedProcessor(
                        PriceSource.REPLAY,
                        t -> true,
                        Options.defaults().withHashCheck(HashCheck.ENTRIES));
        long ticks = 0;
        long crossed = 0;
        String frame = null;
        try {
            for (int i = 0; i < FRAMES; i++) {
                frame = mutate(seeds.get(random.nextInt(seeds.size())), random);
                List<PriceTick> out = processor.onFrame(frame, 1_000L);
                ticks += out.size();
                for (PriceTick tick : out) {
                    if (tick.bestBid() != null
                            && tick.bestAsk() != null
                            && tick.bestBid().compareTo(tick.bestAsk()) >= 0) {
                        crossed++;
                    }
                }
                if (i % 1_000 == 999) {
                    processor.clear(); // keeps books (and so entry hashing) small
                }
            }
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("escaped on frame: " + frame, e);
        }

        FeedStats stats = processor.stats();
        assertThat(stats.frames()).isEqualTo(FRAMES);
        assertThat(
                        stats.dataFrames()
                                + stats.malformedFrames()
                                + stats.pongs()
                                + stats.invalidOperations()
                                + stats.noNewAssets())
                .as("every frame is exactly one of these")
                .isEqualTo(FRAMES);
        assertThat(stats.eventsByType().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(stats.events());
        assertThat(stats.parseErrorsByKind().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(stats.parseErrors());
        assertThat(stats.parseErrors()).isGreaterThanOrEqualTo(stats.malformedFrames());
        assertThat(stats.processingErrors()).as("internal failures").isZero();
        assertThat(stats.ticks()).isEqualTo(ticks);
        assertThat(crossed).as("crossed tops published").isZero();
        // the mutations reach every corner: all outcomes occur
        assertThat(stats.dataFrames()).isPositive();
        assertThat(stats.malformedFrames()).isPositive();
        assertThat(stats.ticks()).isPositive();
        assertThat(stats.parseErrors(ParseErrorKind.INVALID_JSON)).isPositive();
        assertThat(stats.parseErrors(ParseErrorKind.INVALID_VALUE)).isPositive();
        assertThat(stats.parseErrors(ParseErrorKind.MISSING_FIELD)).isPositive();
        assertThat(stats.crossedTopsRefused()).isPositive();
        assertThat(stats.hashChecks()).isPositive();
    }

    /** Every fixture, plus the control strings and a few frames the fixtures lack. */
    private static List<String> seeds() {
        List<String> seeds = new ArrayList<>();
        for (String fixture : Fixtures.WS_MARKET) {
            seeds.add(Fixtures.wsMarket(fixture).strip());
        }
        seeds.add("PONG");
        seeds.add("NO NEW ASSETS");
        seeds.add("INVALID OPERATION");
        seeds.add("[]");
        String book = Fixtures.wsMarket(Fixtures.WS_MARKET.get(2)).strip();
        String change =
                Fixtures.wsMarket("price_change__NEW_semi_synthetic__nautilus.json").strip();
        seeds.add("[" + book + "," + change + "]");
        seeds.add("[" + change + ",{\"event_type\":\"settlement_preview\",\"x\":[1,{}]}]");
        return seeds;
    }

    private static String mutate(String seed, SplittableRandom random) {
        StringBuilder s = new StringBuilder(seed);
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            int at = s.length() == 0 ? 0 : random.nextInt(s.length());
            switch (random.nextInt(8)) {
                case 0 -> s.setLength(at); // truncation
                case 1 -> {
                    if (s.length() > 0) {
                        s.deleteCharAt(at);
                    }
                }
                case 2 -> s.insert(at, SPLICES[random.nextInt(SPLICES.length)]);
                case 3 -> {
                    if (s.length() > 0) {
                        s.setCharAt(at, (char) random.nextInt(0x80));
                    }
                }
                case 4 -> {
                    // duplicate a slice: repeated keys, doubled entries
                    int end = Math.min(s.length(), at + 1 + random.nextInt(64));
                    s.insert(at, s.substring(at, end));
                }
                case 5 -> replaceDigit(s, random);
                case 6 -> replaceQuotedValue(s, random);
                default -> {
                    int from = random.nextInt(s.length() + 1);
                    int to = Math.min(s.length(), from + random.nextInt(32));
                    s.delete(from, to);
                }
            }
        }
        return s.toString();
    }

    /** Changes one digit: prices move, tops cross, sizes become zero. */
    private static void replaceDigit(StringBuilder s, SplittableRandom random) {
        for (int tries = 0; tries < 8 && s.length() > 0; tries++) {
            int at = random.nextInt(s.length());
            if (Character.isDigit(s.charAt(at))) {
                s.setCharAt(at, (char) ('0' + random.nextInt(10)));
                return;
            }
        }
    }

    /** Swaps one quoted value for a hostile one. */
    private static void replaceQuotedValue(StringBuilder s, SplittableRandom random) {
        int colon = s.indexOf(":\"", random.nextInt(s.length() + 1));
        if (colon < 0) {
            return;
        }
        int end = s.indexOf("\"", colon + 2);
        if (end < 0) {
            return;
        }
        String[] values = {
            "",
            "0",
            "1",
            "-0.5",
            "0.5",
            "1e5",
            "abc",
            "0x10",
            BigDecimal.TEN.pow(60).toString(),
            "SELL",
            "BUY",
            "sell",
            "9".repeat(80)
        };
        s.replace(colon + 2, end, values[random.nextInt(values.length)]);
    }
}
