package dev.polystream.ws.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScalarDecoderTest {

    private static BigDecimal decimal(String text) {
        byte[] padded = ("##" + text + "##").getBytes(StandardCharsets.UTF_8);
        return ScalarDecoder.toDecimal(padded, 2, padded.length - 4);
    }

    private static long number(String text) {
        byte[] padded = ("#" + text + "#").getBytes(StandardCharsets.UTF_8);
        return ScalarDecoder.toLong(padded, 1, padded.length - 2);
    }

    private static Side side(String text) {
        byte[] padded = ("_" + text + "_").getBytes(StandardCharsets.UTF_8);
        return ScalarDecoder.quickSide(padded, 1, padded.length - 2);
    }

    @Test
    void decimalsAreReadFromTheirSliceOfTheBuffer() {
        assertThat(decimal("0.52")).isEqualTo(new BigDecimal("0.52"));
        assertThat(decimal("1e-3")).isEqualByComparingTo("0.001");
        assertThat(decimal("-0.5")).isEqualTo(new BigDecimal("-0.5"));
    }

    @Test
    void plainDecimalsEqualWhatTheConstructorReadsScaleIncluded() {
        for (String text :
                List.of(
                        "0",
                        "5",
                        "05",
                        "0.5",
                        "0.50",
                        "0.000",
                        "1.",
                        ".5",
                        "007.25",
                        "1234.56",
                        "0.999",
                        "100",
                        "999999999999999999",
                        "99999999999999999.9",
                        "0.00000000000000001",
                        "9999999999999999999",
                        "1000000000000000000.5",
                        "12345678901234567890")) {
            assertThat(decimal(text)).as(text).isEqualTo(new BigDecimal(text));
            assertThat(decimal(text).scale()).as(text).isEqualTo(new BigDecimal(text).scale());
        }
        assertThat(decimal(".")).isNull();
        assertThat(decimal("1..2")).isNull();
        assertThat(decimal("1.2.")).isNull();
        assertThat(decimal("+1.5")).isEqualTo(new BigDecimal("+1.5"));
    }

    @Test
    void notADecimalOrOutOfBoundsIsNull() {
        assertThat(decimal("")).isNull();
        assertThat(decimal("abc")).isNull();
        assertThat(decimal("0.5.1")).isNull();
        assertThat(decimal("1e-999999999")).isNull();
        assertThat(decimal("1" + "0".repeat(41))).isNull();
        assertThat(decimal("0." + "1".repeat(70))).isNull();
        // Digits of other scripts are digits to BigDecimal, never on the wire.
        assertThat(decimal("\u0661.5")).isNull();
        assertThat(decimal("1e\u0661")).isNull();
        assertThat(number("1\u0661")).isEqualTo(-1L);
    }

    @Test
    void boundedKeepsOrdinaryValuesAndRefusesHugeScales() {
        BigDecimal price = new BigDecimal("0.123");
        assertThat(ScalarDecoder.bounded(price)).isSameAs(price);
        assertThat(ScalarDecoder.bounded(new BigDecimal("1e-41"))).isNull();
        assertThat(ScalarDecoder.bounded(new BigDecimal("1e41"))).isNull();
    }

    @Test
    void longsAreNonNegativeDigitsOnly() {
        assertThat(number("1757908892351")).isEqualTo(1_757_908_892_351L);
        assertThat(number("0")).isZero();
        assertThat(number("")).isEqualTo(-1L);
        assertThat(number("-1")).isEqualTo(-1L);
        assertThat(number("12a")).isEqualTo(-1L);
        assertThat(number("1".repeat(19))).isEqualTo(-1L);
        assertThat(number("9".repeat(18))).isEqualTo(999_999_999_999_999_999L);
    }

    @Test
    void quickSideKnowsOnlyTheExactWireForms() {
        assertThat(side("BUY")).isEqualTo(Side.BUY);
        assertThat(side("SELL")).isEqualTo(Side.SELL);
        assertThat(side("buy")).isNull();
        assertThat(side("BUYS")).isNull();
        assertThat(side("")).isNull();
    }

    @Test
    void abbreviateKeepsShortTextAndCutsLongText() {
        assertThat(ScalarDecoder.abbreviate(null)).isEqualTo("null");
        assertThat(ScalarDecoder.abbreviate("short")).isEqualTo("short");
        String cut = ScalarDecoder.abbreviate("y".repeat(200));
        assertThat(cut).startsWith("y".repeat(160)).endsWith("...(200 chars)");
        assertThat(cut).hasSize(160 + "...(200 chars)".length());
    }
}
