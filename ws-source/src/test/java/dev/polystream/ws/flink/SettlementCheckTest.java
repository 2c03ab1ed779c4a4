package dev.polystream.ws.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystream.ws.PriceSource;
import dev.polystream.ws.PriceTick;
import dev.polystream.ws.TickKind;
import dev.polystream.ws.gamma.GammaMarket;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettlementCheckTest {

    private static GammaMarket market(boolean closed, String... prices) {
        return new GammaMarket(
                "m1",
                "0xc1",
                "Will it?",
                "will-it",
                List.of("Yes", "No"),
                List.of("11", "12"),
                java.util.Arrays.stream(prices).map(BigDecimal::new).toList(),
                true,
                closed,
                false,
                null,
                new BigDecimal("0.01"),
                null);
    }

    @Test
    void shouldSettleAClosedMarketWithFinalPricesForTheAskedTokens() {
        List<PriceTick> ticks =
                SettlementCheck.settlement(market(true, "0", "1"), Set.of("11", "12"), 1000L);
        assertThat(ticks)
                .extracting(
                        PriceTick::tokenId,
                        t -> t.price().toPlainString(),
                        PriceTick::kind,
                        PriceTick::source)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "11", "0", TickKind.RESOLVED, PriceSource.GAMMA),
                        org.assertj.core.groups.Tuple.tuple(
                                "12", "1", TickKind.RESOLVED, PriceSource.GAMMA));
        assertThat(SettlementCheck.settlement(market(true, "1.0", "0.000"), Set.of("12"), 1000L))
                .extracting(t -> t.price().toPlainString())
                .containsExactly("0");
    }

    @Test
    void shouldNotSettleWhatIsNotFinal() {
        assertThat(SettlementCheck.settlement(market(false, "1", "0"), Set.of("11"), 1L)).isEmpty();
        assertThat(SettlementCheck.settlement(market(true, "0.5", "0.5"), Set.of("11"), 1L))
                .isEmpty();
        assertThat(SettlementCheck.settlement(market(true, "0.99", "0.01"), Set.of("11"), 1L))
                .isEmpty();
        assertThat(SettlementCheck.settlement(market(true, "1", "1"), Set.of("11"), 1L)).isEmpty();
        assertThat(SettlementCheck.settlement(market(true, "1"), Set.of("11"), 1L)).isEmpty();
        assertThat(SettlementCheck.settlement(market(true, "1", "0"), Set.of("99"), 1L)).isEmpty();
    }
}
