package dev.polystream.gateway.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystream.gateway.domain.Portfolio;
import dev.polystream.gateway.domain.Position;
import dev.polystream.gateway.domain.PositionSource;
import dev.polystream.gateway.domain.PositionStatus;
import dev.polystream.gateway.domain.PositionView;
import dev.polystream.gateway.domain.TokenPrice;
import dev.polystream.gateway.domain.WalletAddress;
import dev.polystream.gateway.domain.WalletSyncStatus;
import dev.polystream.gateway.domain.WalletTotals;
import dev.polystream.gateway.domain.WalletView;
import dev.polystream.gateway.telegram.Keyboard;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PositionsCardTest {

    private static final Duration MAX_AGE = Duration.ofSeconds(30);
    private static final Duration AUTO = Duration.ofMinutes(15);

    /** Renders paper positions only. */
    static PositionsCard.Rendered render(List<PositionView> views, int page, int pageSize) {
        return PositionsCard.render(
                new Portfolio(List.of(), views),
                w -> WalletSyncStatus.NEVER,
                page,
                new PositionsCard.Layout(pageSize, MAX_AGE, false, AUTO),
                Instant.now());
    }

    /**
     * A paper position of 100 shares at 40¢; its value and P&L as the database computes them
     * (amount × price − cost basis, cost basis 40), here given as literals.
     */
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
                        null,
                        PositionSource.PAPER,
                        null,
                        new BigDecimal("40"));
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
        if (price == null) {
            return new PositionView(p, null, question, null, null, null);
        }
        BigDecimal value = new BigDecimal(price).multiply(new BigDecimal("100"));
        BigDecimal pnl = value.subtract(new BigDecimal("40"));
        return new PositionView(p, tp, question, value, pnl, pnl.multiply(new BigDecimal("2.5")));
    }

    @Test
    void shouldShowPnlInDollarsAndPercentAndTheDataAge() {
        PositionsCard.Rendered r =
                render(List.of(view(7, "0.50", Duration.ofSeconds(2), "Will it rain?")), 0, 5);
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
                render(
                        List.of(
                                view(1, "0.30", Duration.ofSeconds(31), "Q"),
                                view(2, null, null, "Q2")),
                        0,
                        5);
        assertThat(r.text()).contains("⚠️ <b>stale</b>").contains("-$10.00 (-25.0%)");
        assertThat(r.text()).contains("waiting for the first price");
    }

    @Test
    void shouldKeepTheSameHashWhileNothingVisibleChanges() {
        String a = render(List.of(view(1, "0.5", Duration.ofSeconds(1), "Q")), 0, 5).hash();
        String b = render(List.of(view(1, "0.50", Duration.ofSeconds(8), "Q")), 0, 5).hash();
        String c = render(List.of(view(1, "0.51", Duration.ofSeconds(8), "Q")), 0, 5).hash();
        assertThat(a).isEqualTo(b);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void shouldPageLongListsAndStayUnderTelegramsLimit() {
        List<PositionView> many = new ArrayList<>();
        for (int i = 1; i <= 23; i++) {
            many.add(view(i, "0.45", Duration.ofSeconds(1), "<b>" + "x".repeat(300) + "</b>"));
        }
        PositionsCard.Rendered first = render(many, 0, 5);
        assertThat(first.text()).contains("page 1/5").contains("#5 ").doesNotContain("#6 ");
        assertThat(first.text()).doesNotContain("<b>xxx");
        assertThat(first.keyboard().rows().get(0))
                .extracting(Keyboard.Button::data)
                .containsExactly("pg:1");
        PositionsCard.Rendered last = render(many, 99, 20);
        assertThat(last.page()).isEqualTo(1);
        assertThat(last.text().length()).isLessThanOrEqualTo(Html.MAX_MESSAGE);
    }

    @Test
    void shouldSayWhenAutoRefreshStopped() {
        PositionsCard.Rendered r =
                PositionsCard.render(
                        new Portfolio(List.of(), List.of()),
                        w -> WalletSyncStatus.NEVER,
                        0,
                        new PositionsCard.Layout(5, MAX_AGE, true, AUTO),
                        Instant.now());
        assertThat(r.text())
                .contains("No open positions")
                .contains("Auto-refresh stopped after 15 min");
    }

    static final String WALLET = "0x379a410a36c101e3b8dfb6c90d1176eb0def4b1a";

    static PositionView walletView(long id, String price) {
        PositionView paper = view(id, price, Duration.ofSeconds(3), "Wallet market " + id);
        Position p = paper.position();
        Position held =
                new Position(
                        p.id(),
                        0L,
                        p.marketId(),
                        p.tokenId(),
                        "No",
                        new BigDecimal("28.09"),
                        new BigDecimal("0.6699"),
                        PositionStatus.ACTIVE,
                        Instant.EPOCH,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        PositionSource.WALLET,
                        WALLET,
                        new BigDecimal("18.8202"));
        return new PositionView(
                held,
                paper.price(),
                paper.question(),
                new BigDecimal("20.08435"),
                new BigDecimal("1.26415"),
                new BigDecimal("6.7170"));
    }

    static WalletView wallet(List<PositionView> positions, int toRedeem) {
        return new WalletView(
                new WalletAddress(WALLET),
                "jaboobelite",
                Instant.EPOCH,
                null,
                positions,
                new WalletTotals(
                        new BigDecimal("20.08435"),
                        new BigDecimal("1.26415"),
                        new BigDecimal("3.5"),
                        positions.size(),
                        0,
                        toRedeem,
                        new BigDecimal(toRedeem * 10)));
    }

    @Test
    void shouldGroupWalletPositionsUnderTheirWalletWithTotalsAgeAndReconciliation() {
        Instant now = Instant.parse("2026-12-03T12:00:00Z");
        WalletSyncStatus synced =
                new WalletSyncStatus(
                        now.minusSeconds(20),
                        null,
                        null,
                        new BigDecimal("20.0843"),
                        1,
                        1,
                        new BigDecimal("20.0843"),
                        new BigDecimal("20.08435"),
                        0);
        PositionsCard.Rendered r =
                PositionsCard.render(
                        new Portfolio(
                                List.of(wallet(List.of(walletView(12, "0.715")), 1)),
                                List.of(view(3, "0.50", Duration.ofSeconds(2), "Paper Q"))),
                        w -> w.equals(WALLET) ? synced : WalletSyncStatus.NEVER,
                        0,
                        new PositionsCard.Layout(5, MAX_AGE, false, AUTO),
                        now);
        String text = r.text();
        assertThat(text)
                .contains("👛 0x379a…4b1a</b> · jaboobelite")
                .contains("Value $20.08 · unrealized +$1.26 · realized +$3.50 · total <b>+$4.76")
                .contains("Holdings &lt;1m old · vs Polymarket $20.08: Δ +$0.00")
                .contains("🏁 1 resolved, $10.00 to redeem on polymarket.com")
                .contains("#12 No</b> · Wallet market 12")
                .contains("28.09 sh @ 66.99¢ → 71.5¢ · P&amp;L <b>+$1.26 (+6.7%)</b>")
                .contains("📝 Paper trades")
                .contains("#3 Yes");
        assertThat(text.indexOf("#12 No")).isLessThan(text.indexOf("📝 Paper trades"));
        assertThat(text.indexOf("📝 Paper trades")).isLessThan(text.indexOf("#3 Yes"));
        assertThat(text).doesNotContain("Sync failing");
    }

    @Test
    void shouldKeepTheLastHoldingsAndShowTheirAgeWhileSyncFails() {
        Instant now = Instant.parse("2026-12-03T12:00:00Z");
        WalletSyncStatus failing =
                new WalletSyncStatus(
                                now.minusSeconds(7 * 60),
                                null,
                                null,
                                new BigDecimal("20.0843"),
                                1,
                                0,
                                null,
                                null,
                                0)
                        .failed(now.minusSeconds(3 * 60), "Polymarket Data API unavailable (503)");
        PositionsCard.Rendered r =
                PositionsCard.render(
                        new Portfolio(
                                List.of(wallet(List.of(walletView(12, "0.7")), 0)), List.of()),
                        w -> failing,
                        0,
                        new PositionsCard.Layout(5, MAX_AGE, false, AUTO),
                        now);
        assertThat(r.text())
                .contains("Holdings 7m old")
                .contains(
                        "⚠️ Sync failing for 3m: Polymarket Data API unavailable (503); showing"
                                + " the last holdings")
                .contains("#12 No")
                .doesNotContain("📝 Paper trades")
                .doesNotContain("vs Polymarket");
    }

    @Test
    void shouldShowAWalletWithoutOpenPositionsAndOneNotReadYet() {
        PositionsCard.Rendered r =
                PositionsCard.render(
                        new Portfolio(List.of(wallet(List.of(), 0)), List.of()),
                        w -> WalletSyncStatus.NEVER,
                        0,
                        new PositionsCard.Layout(5, MAX_AGE, false, AUTO),
                        Instant.now());
        assertThat(r.text())
                .contains("👛 0x379a…4b1a")
                .contains("⏳ reading holdings…")
                .contains("No open positions.")
                .doesNotContain("Link your Polymarket wallet");
    }

    @Test
    void shouldNotChangeTheHashAsHoldingsAgeWithinAMinute() {
        Instant now = Instant.parse("2026-12-03T12:00:00Z");
        Portfolio portfolio =
                new Portfolio(List.of(wallet(List.of(walletView(1, "0.7")), 0)), List.of());
        String[] hashes = new String[2];
        for (int i = 0; i < 2; i++) {
            WalletSyncStatus s =
                    new WalletSyncStatus(
                            now.minusSeconds(i == 0 ? 2 : 40),
                            null,
                            null,
                            null,
                            1,
                            0,
                            null,
                            null,
                            0);
            hashes[i] =
                    PositionsCard.render(
                                    portfolio,
                                    w -> s,
                                    0,
                                    new PositionsCard.Layout(5, MAX_AGE, false, AUTO),
                                    now)
                            .hash();
        }
        assertThat(hashes[0]).isEqualTo(hashes[1]);
    }
}
