package dev.polystream.ws.book;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystream.ws.protocol.BookHasher;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BookSideTest {

    private static BigDecimal dec(String s) {
        return new BigDecimal(s);
    }

    private static List<String> wire(BookSide side) {
        List<String> levels = new ArrayList<>();
        side.writeTo(json -> levels.add(new String(json, StandardCharsets.US_ASCII)));
        return levels;
    }

    @Test
    void shouldKeyPricesOnTheMicroGridExactly() {
        assertThat(PriceTicks.of(dec("0.5"))).isEqualTo(500_000L);
        assertThat(PriceTicks.of(dec("0.500"))).isEqualTo(500_000L);
        assertThat(PriceTicks.of(dec("0.000001"))).isEqualTo(1L);
        assertThat(PriceTicks.of(dec("-0.25"))).isEqualTo(-250_000L);
        assertThat(PriceTicks.of(dec("999999999999.999999"))).isEqualTo(999_999_999_999_999_999L);
        assertThat(PriceTicks.of(dec("0.0000001"))).isEqualTo(PriceTicks.OFF_GRID);
        assertThat(PriceTicks.of(dec("1E+2"))).isEqualTo(PriceTicks.OFF_GRID);
        assertThat(PriceTicks.of(dec("1000000000000"))).isEqualTo(PriceTicks.OFF_GRID);
    }

    @Test
    void shouldHoldLevelsInWireOrderWithTheirFirstWireScale() {
        BookSide asks = new BookSide(true);
        asks.set(dec("0.52"), dec("1"));
        asks.set(dec("0.60"), dec("2"));
        asks.set(dec("0.55"), dec("3"));
        asks.set(dec("0.520"), dec("4"));

        assertThat(asks.best()).isEqualTo(dec("0.52"));
        assertThat(wire(asks))
                .containsExactly(
                        "{\"price\":\"0.60\",\"size\":\"2\"}",
                        "{\"price\":\"0.55\",\"size\":\"3\"}",
                        "{\"price\":\"0.52\",\"size\":\"4\"}");

        asks.set(dec("0.5200"), dec("0"));
        asks.set(dec("0.520"), dec("5"));

        assertThat(wire(asks)).last().isEqualTo("{\"price\":\"0.520\",\"size\":\"5\"}");
    }

    @Test
    void shouldOrderOffGridPricesAmongGridOnesLikeATreeMap() {
        sameAsTreeMap(
                new String[] {
                    "0.5",
                    "0.50",
                    "0.4",
                    "0.45",
                    "0.4500001",
                    "0.45000001",
                    "0.449999999",
                    "1E-7",
                    "0",
                    "-0.1",
                    "1E+3",
                    "1000",
                    "0.999999",
                    "0.9999995",
                    "12345678901234",
                    "0.000001"
                });
    }

    @Test
    void shouldOrderGridPricesLikeATreeMap() {
        // Only grid prices: the long-only search.
        String[] prices = new String[60];
        for (int i = 0; i < prices.length; i++) {
            prices[i] = i % 3 == 0 ? "0." + (10 + i) + "0" : "0." + (10 + i);
        }
        sameAsTreeMap(prices);
    }

    private static void sameAsTreeMap(String[] prices) {
        // Random prices, random sizes (a fifth of them zero): the side holds exactly what a
        // TreeMap keyed by the decimals would, in the same order, with the same keys.
        for (boolean descending : new boolean[] {false, true}) {
            BookSide side = new BookSide(descending);
            TreeMap<BigDecimal, BigDecimal> expected = new TreeMap<>();
            SplittableRandom random = new SplittableRandom(11);
            for (int n = 0; n < 2_000; n++) {
                BigDecimal price = dec(prices[random.nextInt(prices.length)]);
                BigDecimal size =
                        random.nextInt(5) == 0 ? dec("0") : dec(random.nextInt(1, 99) + "");
                side.set(price, size);
                if (size.signum() == 0) {
                    expected.remove(price);
                } else {
                    expected.put(price, size); // keeps the first key, as the side does
                }
                List<String> want = new ArrayList<>();
                (descending ? expected.descendingMap() : expected)
                        .forEach(
                                (p, s) ->
                                        want.add(
                                                new String(
                                                        BookHasher.levelJson(p, s),
                                                        StandardCharsets.US_ASCII)));
                assertThat(wire(side)).containsExactlyElementsOf(want);
                assertThat(side.count()).isEqualTo(expected.size());
                assertThat(side.best())
                        .isEqualTo(
                                expected.isEmpty()
                                        ? null
                                        : descending ? expected.firstKey() : expected.lastKey());
            }
        }
    }
}
