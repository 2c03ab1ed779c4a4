package dev.polystream.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class NewPositionTest {

    private static NewPosition position(String amount, String price) {
        return new NewPosition(
                42L,
                "market-1",
                "token-1",
                " Yes ",
                amount == null ? null : new BigDecimal(amount),
                price == null ? null : new BigDecimal(price));
    }

    @Test
    void shouldAcceptAValidPositionAndNormaliseIt() {
        NewPosition p = position("100.500000", "0.42");

        assertThat(p.outcome()).isEqualTo("Yes");
        assertThat(p.amount()).isEqualByComparingTo("100.5");
        assertThat(p.amount().scale()).isEqualTo(1);
        assertThat(position("1E+2", "0.5").amount().toPlainString()).isEqualTo("100");
    }

    @Test
    void shouldRefuseNonPositiveAmounts() {
        assertThatThrownBy(() -> position("0", "0.5"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Amount must be a positive number of shares, got 0.");
        assertThatThrownBy(() -> position("-3", "0.5"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Amount must be a positive number of shares, got -3.");
        assertThatThrownBy(() -> position(null, "0.5"))
                .hasMessage("Amount (number of shares) is missing.");
    }

    @Test
    void shouldRefuseAmountsTooPreciseOrTooLarge() {
        assertThatThrownBy(() -> position("1.0000001", "0.5"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Amount can have at most 6 decimal places, got 1.0000001.");
        assertThatThrownBy(() -> position("1000000001", "0.5"))
                .hasMessageContaining("at most 1000000000 shares");
    }

    @Test
    void shouldRefuseEntryPricesOutsideTheOpenUnitInterval() {
        for (String price : new String[] {"0", "1", "1.5", "-0.1", "42"}) {
            assertThatThrownBy(() -> position("10", price))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("Entry price must be between 0 and 1 (exclusive)")
                    .hasMessageEndingWith("got " + price + ".");
        }
        assertThatThrownBy(() -> position("10", null)).hasMessage("Entry price is missing.");
    }

    @Test
    void shouldRefuseMissingOrMalformedIds() {
        BigDecimal ten = BigDecimal.TEN;
        BigDecimal half = new BigDecimal("0.5");
        assertThatThrownBy(() -> new NewPosition(0, "m", "t", "Yes", ten, half))
                .hasMessage("User id must be a positive Telegram user id, got 0.");
        assertThatThrownBy(() -> new NewPosition(1, " ", "t", "Yes", ten, half))
                .hasMessage("Market id is missing.");
        assertThatThrownBy(() -> new NewPosition(1, "m", null, "Yes", ten, half))
                .hasMessage("Token id is missing.");
        assertThatThrownBy(() -> new NewPosition(1, "m", "to ken", "Yes", ten, half))
                .hasMessage("Token id must not contain spaces, got 'to ken'.");
        assertThatThrownBy(() -> new NewPosition(1, "m", "t".repeat(129), "Yes", ten, half))
                .hasMessageStartingWith("Token id is too long (129 characters");
        assertThatThrownBy(() -> new NewPosition(1, "m", "t", "", ten, half))
                .hasMessage("Outcome is missing.");
    }

    @Test
    void shouldAcceptExitPricesOnTheClosedUnitInterval() {
        assertThat(Inputs.exitPrice(BigDecimal.ZERO)).isEqualByComparingTo("0");
        assertThat(Inputs.exitPrice(BigDecimal.ONE)).isEqualByComparingTo("1");
        assertThatThrownBy(() -> Inputs.exitPrice(new BigDecimal("1.01")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Exit price must be between 0 and 1, e.g. 0.42 for 42¢; got 1.01.");
    }
}
