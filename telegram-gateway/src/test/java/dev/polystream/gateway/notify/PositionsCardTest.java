package dev.polystream.gateway.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystream.gateway.domain.Position;
import dev.polystream.gateway.domain.PositionStatus;
import dev.polystream.gateway.domain.PositionView;
import dev.polystream.gateway.domain.TokenPrice;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PositionsCardTest {

    private static final Duration MAX_AGE = Duration.ofSeconds(30);
    private static final Duration AUTO = Duration.ofMinutes(15);

    static PositionView view(long id, String price, Duration age, String question) {
        Position p =
                new Position(
                        id,
                        1L,
                        "m" + id,
                        "t" + id,
                        "Yes",
                        new BigDecimal("100"),
                        new BigDecimal("0.40"),
                        PositionStatus.ACTIVE,
                        Instant.EPOCH,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null);
        TokenPrice tp =
                price == null
                        ? null
                        : new TokenPrice(
                                "t" + id,
                                new BigDecimal(price),
                                null,
                                null,
                                null,
                                "ws",
                                Instant.now(),
                                age);
        return new PositionView(p, tp, question);
    }

    @Test
    void shouldShowPnlInDollarsAndPercentAndTheDataAge() {
        PositionsCard.Rendered r =
                PositionsCard.render(
                        List.of(view(7, "0.50", Duration.ofSeconds(2), "Will it rain?")),
                        0,
                        5,
                        MAX_AGE,
                        false,
                        AUTO);
        assertThat(r.text())
                .contains("#7 Yes")
                .contains("Will it rain?")
                .contains("100 sh @ 40¢ → 50¢")
                .contains("+$10.00 (+25.0%)")
                .contains("🟢 &lt;10s old · ws")
                .doesNotContain("stale");
        assertThat(r.keyboard().rows().get(0).get(0).data()).isEqualTo("rf");
    }

    @Test
    void shouldMarkStalePricesAndWaitForAFirstPrice() {
        PositionsCard.Rendered r =
                PositionsCard.render(
                        List.of(
                                view(1, "0.30", Duration.ofSeconds(31), "Q"),
                                view(2, null, null, "Q2")),
                        0,
                        5,
                        MAX_AGE,
                        false,
                        AUTO);
        assertThat(r.text()).contains("⚠️ <b>stale</b>").contains("-$10.00 (-25.0%)");
        assertThat(r.text()).contains("waiting for the first price");
    }

    @Test
    void shouldKeepTheSameHashWhileNothingVisibleChanges() {
        String a =
                PositionsCard.render(
                                List.of(view(1, "0.5", Duration.ofSeconds(1), "Q")),
                                0,
                                5,
                                MAX_AGE,
                                false,
                                AUTO)
                        .hash();
        String b =
                PositionsCard.render(
                                List.of(view(1, "0.50", Duration.ofSeconds(8), "Q")),
                                0,
                                5,
                                MAX_AGE,
                                false,
                                AUTO)
                        .hash();
        String c =
                PositionsCard.render(
                                List.of(view(1, "0.51", Duration.ofSeconds(8), "Q")),
                                0,
                                5,
                                MAX_AGE,
                                false,
                                AUTO)
                        .hash();
        assertThat(a).isEqualTo(b);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void shouldPageLongListsAndStayUnderTelegramsLimit() {
        List<PositionView> many = new ArrayList<>();
        for (int i = 1; i <= 23; i++) {
            many.add(view(i, "0.45", Duration.ofSeconds(1), "<b>" + "x".repeat(300) + "</b>"));
        }
        PositionsCard.Rendered first = PositionsCard.render(many, 0, 5, MAX_AGE, false, AUTO);
        assertThat(first.text()).contains("page 1/5").contains("#5 ").doesNotContain("#6 ");
        assertThat(first.text()).doesNotContain("<b>xxx");
        assertThat(first.keyboard().rows().get(0))
                .extracting(Keyboard.Button::data)
                .containsExactly("pg:1");
        PositionsCard.Rendered last = PositionsCard.render(many, 99, 20, MAX_AGE, false, AUTO);
        assertThat(last.page()).isEqualTo(1);
        assertThat(last.text().length()).isLessThanOrEqualTo(Html.MAX_MESSAGE);
    }

    @Test
    void shouldSayWhenAutoRefreshStopped() {
        PositionsCard.Rendered r = PositionsCard.render(List.of(), 0, 5, MAX_AGE, true, AUTO);
        assertThat(r.text())
                .contains("No open positions")
                .contains("Auto-refresh stopped after 15 min");
    }
}
