package dev.polystream.ws.book;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The displayed price and the normalised decimals computed in micro-units equal, value and scale,
 * what the exact decimal arithmetic gives, on and off the grid.
 */
class DisplayPriceGridTest {

    private static final BigDecimal HALF = new BigDecimal("0.5");

    /** The rule with decimals only, as it was written before the micro-unit path. */
    private static BigDecimal exact(BigDecimal bid, BigDecimal ask, BigDecimal last) {
        if (bid == null || ask == null || ask.subtract(bid).compareTo(new BigDecimal("0.10")) > 0) {
            return strip(last);
        }
        return strip(bid.add(ask).multiply(HALF));
    }

    private static BigDecimal strip(BigDecimal value) {
        if (value == null) {
            return null;
        }
        if (value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static BigDecimal randomDecimal(SplittableRandom random) {
        switch (random.nextInt(6)) {
            case 0:
                return BigDecimal.valueOf(random.nextInt(0, 1_000_001), 6);
            case 1:
                return BigDecimal.valueOf(random.nextInt(0, 101), 2);
            case 2:
                return BigDecimal.valueOf(random.nextInt(0, 1001) * 10L, 4); // trailing zeros
            case 3:
                return BigDecimal.valueOf(random.nextLong(-10_000_000, 10_000_000), 9); // off grid
            case 4:
                return BigDecimal.valueOf(random.nextInt(1, 100), -random.nextInt(1, 4)); // 1E+2
            default:
                return BigDecimal.valueOf(random.nextLong(0, Long.MAX_VALUE), random.nextInt(0, 7));
        }
    }

    @Test
    void shouldEqualTheExactDecimalRuleValueAndScale() {
        SplittableRandom random = new SplittableRandom(5);
        for (int n = 0; n < 200_000; n++) {
            BigDecimal bid = randomDecimal(random);
            BigDecimal ask =
                    random.nextBoolean()
                            ? bid.add(BigDecimal.valueOf(random.nextInt(0, 150_000), 6))
                            : randomDecimal(random);
            BigDecimal last = random.nextInt(10) == 0 ? null : randomDecimal(random);

            BigDecimal shown = DisplayPrice.of(bid, ask, last);

            assertThat(shown).as("%s %s %s", bid, ask, last).isEqualTo(exact(bid, ask, last));
        }
    }

    @Test
    void shouldNormaliseLikeStrippingTrailingZeros() {
        SplittableRandom random = new SplittableRandom(6);
        for (int n = 0; n < 200_000; n++) {
            BigDecimal value = randomDecimal(random);
            if (random.nextBoolean()) {
                value = value.negate();
            }

            assertThat(Decimals.normalize(value)).as("%s", value).isEqualTo(strip(value));
        }
    }
}
