package dev.polystream.gateway.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystream.gateway.domain.InvalidInputException;
import org.junit.jupiter.api.Test;

class ArgsTest {

    @Test
    void shouldParseAmountsPricesPercentagesAndIds() {
        assertThat(Args.usdc("$25")).isEqualByComparingTo("25");
        assertThat(Args.usdc("12.50")).isEqualByComparingTo("12.5");
        assertThat(Args.price("0.65")).isEqualByComparingTo("0.65");
        assertThat(Args.price(".65")).isEqualByComparingTo("0.65");
        assertThat(Args.price("65c")).isEqualByComparingTo("0.65");
        assertThat(Args.price("65¢")).isEqualByComparingTo("0.65");
        assertThat(Args.percent("50%")).isEqualByComparingTo("50");
        assertThat(Args.id("position id", "#12")).isEqualTo(12L);
        Args.Pnl up = Args.pnl("+10%");
        assertThat(up.percent()).isTrue();
        assertThat(up.value()).isEqualByComparingTo("10");
        Args.Pnl down = Args.pnl("-25$");
        assertThat(down.percent()).isFalse();
        assertThat(down.value()).isEqualByComparingTo("-25");
        assertThat(Args.pnl("-$25").value()).isEqualByComparingTo("-25");
    }

    @Test
    void shouldRefuseWrongTypesWithAHelpfulMessage() {
        assertThatThrownBy(() -> Args.usdc("ten"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("like 25");
        assertThatThrownBy(() -> Args.usdc("-5")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Args.usdc("1e9")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Args.usdc("NaN")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Args.price("-0.5")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Args.percent("half")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Args.id("position id", "12; DROP TABLE positions"))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Args.id("position id", "99999999999999999999"))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Args.pnl("10"))
                .hasMessageContaining("percentage or a dollar amount");
        assertThatThrownBy(() -> Args.pnl("10%$")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Args.usdc("x".repeat(500))).hasMessageContaining("…");
    }
}
