package dev.polystream.ws.book;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DisplayPriceTest {

    private static BigDecimal dec(String s) {
        return s == null ? null : new BigDecimal(s);
    }

    private static String displayed(String bid, String ask, String last) {
        BigDecimal price = DisplayPrice.of(dec(bid), dec(ask), dec(last));
        return price == null ? null : price.toPlainString();
    }

    @ParameterizedTest(name = "bid {0} ask {1} last {2} -> {3}")
    @CsvSource(
            nullValues = "null",
            value = {
                // midpoint when the spread is at most 0.10
                "0.48,  0.52,  0.9,   0.5",
                "0.530, 0.540, null,  0.535",
                "0.534, 0.535, null,  0.5345",
                // exactly 0.10 is not "wider than 0.10", in both cases binary floats disagree on
                "0.45,  0.55,  0.2,   0.5",
                "0.50,  0.60,  0.2,   0.55",
                "0.5,   0.60,  0.2,   0.55",
                // wider than 0.10: last trade
                "0.45,  0.551, 0.2,   0.2",
                "0.40,  0.60,  0.47,  0.47",
                "0.40,  0.60,  null,  null",
                // a side missing: last trade, or nothing
                "null,  0.60,  0.470, 0.47",
                "0.40,  null,  0.47,  0.47",
                "null,  null,  null,  null",
            })
    void shouldApplyTheDisplayedPriceRule(String bid, String ask, String last, String expected) {
        assertThat(displayed(bid, ask, last)).isEqualTo(expected);
    }

    @Test
    void shouldNotUseExponentNotation() {
        assertThat(DisplayPrice.of(null, null, dec("1.000")).toString()).isEqualTo("1");
        assertThat(Decimals.normalize(dec("10.00")).toString()).isEqualTo("10");
        assertThat(Decimals.normalize(dec("0.0000")).toString()).isEqualTo("0");
    }
}
