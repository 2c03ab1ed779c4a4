package dev.polystream.gateway.fills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystream.gateway.domain.Market;
import dev.polystream.ws.protocol.Side;
import dev.polystream.ws.user.OwnFill;
import dev.polystream.ws.user.TradeStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FillMessagesTest {

    static final Market MARKET =
            new Market(
                    "512",
                    "0xcond",
                    "Will <b>rates</b> & \"yields\" fall?",
                    "rates",
                    List.of("Yes", "No"),
                    List.of("tok-yes", "tok-no"),
                    List.of(),
                    true,
                    false,
                    null,
                    null,
                    null);

    static OwnFill fill(TradeStatus status, Side side, String size, String price, String outcome) {
        return new OwnFill(
                "trade-1",
                "leg-1",
                status,
                true,
                "0xcond",
                "tok-yes",
                outcome,
                side,
                new BigDecimal(size),
                new BigDecimal(price),
                Instant.parse("2026-12-07T08:00:00Z"));
    }

    @Test
    void shouldSayWhatMatchedWithoutTrailingZerosAndTheEscapedQuestion() {
        assertThat(
                        FillMessages.matched(
                                fill(TradeStatus.MATCHED, Side.BUY, "12.500000", "0.5200", "Yes"),
                                MARKET))
                .isEqualTo(
                        "🟢 Bought 12.5 Yes @ 0.52 · matched\nWill &lt;b&gt;rates&lt;/b&gt; &amp;"
                                + " &quot;yields&quot; fall?");
        assertThat(
                        FillMessages.matched(
                                fill(TradeStatus.MATCHED, Side.SELL, "100", "0.10", "No"), null))
                .isEqualTo("🟢 Sold 100 No @ 0.1 · matched");
        assertThat(FillMessages.matched(fill(TradeStatus.MINED, Side.BUY, "1E+1", "0.5", ""), null))
                .isEqualTo("🟢 Bought 10 shares @ 0.5 · matched, mined");
    }

    @Test
    void shouldNameTheOutcomeFromTheCatalogueWhenTheFillDoesNot() {
        assertThat(
                        FillMessages.matched(
                                fill(TradeStatus.MATCHED, Side.BUY, "3", "0.25", null), MARKET))
                .startsWith("🟢 Bought 3 Yes @ 0.25 · matched\n");
    }

    @Test
    void shouldSayConfirmedOrFailedOnce() {
        assertThat(
                        FillMessages.settled(
                                fill(TradeStatus.CONFIRMED, Side.BUY, "12.5", "0.52", "Yes"),
                                null,
                                false))
                .isEqualTo("✅ Confirmed: bought 12.5 Yes @ 0.52");
        assertThat(
                        FillMessages.settled(
                                fill(TradeStatus.CONFIRMED, Side.SELL, "12.5", "0.52", "Yes"),
                                MARKET,
                                true))
                .startsWith("✅ Matched and confirmed: sold 12.5 Yes @ 0.52\nWill");
        assertThat(
                        FillMessages.settled(
                                fill(TradeStatus.FAILED, Side.BUY, "2", "0.3", "No <x>"),
                                null,
                                false))
                .startsWith("❌ Failed: bought 2 No &lt;x&gt; @ 0.3 did not settle");
        assertThatThrownBy(
                        () ->
                                FillMessages.settled(
                                        fill(TradeStatus.MATCHED, Side.BUY, "1", "1", "Yes"),
                                        null,
                                        false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
