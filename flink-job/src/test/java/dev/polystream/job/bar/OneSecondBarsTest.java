package dev.polystream.job.bar;

import static dev.polystream.job.bar.Ticks.bidOnly;
import static dev.polystream.job.bar.Ticks.quote;
import static dev.polystream.job.bar.Ticks.trade;
import static org.assertj.core.api.Assertions.assertThat;

import dev.polystream.job.PolystreamJob;
import dev.polystream.ws.PriceTick;
import java.math.BigDecimal;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OneSecondBarsTest {

    private static final long S = 1_790_000_000_000L; // a second boundary

    private KeyedOneInputStreamOperatorTestHarness<String, PriceTick, PriceBar> harness;

    @BeforeEach
    void open() throws Exception {
        harness = newHarness();
        harness.open();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, PriceTick, PriceBar> newHarness()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new OneSecondBars()),
                new PolystreamJob.ByToken(),
                Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void tick(PriceTick t) throws Exception {
        harness.processElement(new StreamRecord<>(t, t.exchangeTimeMs()));
    }

    private List<PriceBar> bars() {
        return harness.extractOutputValues();
    }

    @Test
    void shouldFoldEveryTickOfASecondIntoOneBar() throws Exception {
        tick(quote("a", S + 100, "0.50", "0.52")); // 0.51
        tick(quote("a", S + 200, "0.55", "0.57")); // 0.56
        tick(trade("a", S + 300, "0.56", "10"));
        tick(quote("a", S + 400, "0.44", "0.46")); // 0.45
        tick(trade("a", S + 500, "0.47", "2.5"));
        tick(quote("a", S + 900, "0.47", "0.49")); // 0.48

        harness.processWatermark(S + 999);

        assertThat(bars()).hasSize(1);
        PriceBar bar = bars().get(0);
        assertThat(bar.tokenId()).isEqualTo("a");
        assertThat(bar.bucketMs()).isEqualTo(S);
        assertThat(bar.open()).isEqualByComparingTo("0.51");
        assertThat(bar.high()).isEqualByComparingTo("0.56");
        assertThat(bar.low()).isEqualByComparingTo("0.45");
        assertThat(bar.close()).isEqualByComparingTo("0.48");
        assertThat(bar.bestBid()).isEqualByComparingTo("0.47");
        assertThat(bar.bestAsk()).isEqualByComparingTo("0.49");
        assertThat(bar.lastTradePrice()).isEqualByComparingTo("0.47");
        assertThat(bar.volume()).isEqualByComparingTo("12.5");
        assertThat(bar.messages()).isEqualTo(6);
        assertThat(bar.closeExchangeTimeMs()).isEqualTo(S + 900);
    }

    @Test
    void shouldNotEmitBeforeTheWatermarkPassesTheEndOfTheSecond() throws Exception {
        tick(quote("a", S + 100, "0.50", "0.52"));
        harness.processWatermark(S + 998);
        assertThat(bars()).isEmpty();
        harness.processWatermark(S + 999);
        assertThat(bars()).hasSize(1);
    }

    @Test
    void shouldEmitOneBarPerSecondWithActivityAndNoneForQuietSeconds() throws Exception {
        tick(quote("a", S + 10, "0.50", "0.52"));
        tick(quote("a", S + 3000 + 10, "0.60", "0.62"));
        harness.processWatermark(S + 5999);
        assertThat(bars()).extracting(PriceBar::bucketMs).containsExactly(S, S + 3000);
    }

    @Test
    void shouldKeepTokensApart() throws Exception {
        tick(quote("a", S + 10, "0.50", "0.52"));
        tick(quote("b", S + 20, "0.30", "0.32"));
        harness.processWatermark(S + 999);
        assertThat(bars())
                .extracting(PriceBar::tokenId, PriceBar::close)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("a", new BigDecimal("0.51")),
                        org.assertj.core.groups.Tuple.tuple("b", new BigDecimal("0.31")));
    }

    @Test
    void shouldFoldALateTickIntoTheNextOpenSecondInsteadOfDroppingIt() throws Exception {
        tick(quote("a", S + 100, "0.50", "0.52"));
        harness.processWatermark(S + 999);
        assertThat(bars()).hasSize(1);

        tick(quote("a", S + 200, "0.70", "0.72")); // second S already written: late
        tick(quote("a", S + 1500, "0.60", "0.62"));
        harness.processWatermark(S + 1999);

        assertThat(bars()).hasSize(2);
        PriceBar next = bars().get(1);
        assertThat(next.bucketMs()).isEqualTo(S + 1000);
        assertThat(next.messages()).isEqualTo(2);
        assertThat(next.high()).isEqualByComparingTo("0.71"); // the late price is folded in
        assertThat(next.close()).isEqualByComparingTo("0.61"); // but never overrides a fresher one
    }

    @Test
    void shouldKeepTheLastPriceWhenTheNewestTickHasNone() throws Exception {
        tick(quote("a", S + 100, "0.50", "0.52"));
        tick(bidOnly("a", S + 200, "0.49"));
        harness.processWatermark(S + 999);
        PriceBar bar = bars().get(0);
        assertThat(bar.close()).isEqualByComparingTo("0.51");
        assertThat(bar.bestBid()).isEqualByComparingTo("0.49");
        assertThat(bar.bestAsk()).isNull();
        assertThat(bar.messages()).isEqualTo(2);
    }

    @Test
    void shouldRestoreOpenBarsFromASnapshot() throws Exception {
        tick(quote("a", S + 100, "0.50", "0.52"));
        var snapshot = harness.snapshot(1L, 1L);
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        tick(quote("a", S + 200, "0.54", "0.56"));
        harness.processWatermark(S + 999);
        assertThat(bars()).hasSize(1);
        assertThat(bars().get(0).open()).isEqualByComparingTo("0.51");
        assertThat(bars().get(0).close()).isEqualByComparingTo("0.55");
        assertThat(bars().get(0).messages()).isEqualTo(2);
    }

    @Test
    void shouldPassAConfirmationOnAtOnceWithoutCountingItAsActivityOrLate() throws Exception {
        tick(quote("a", S + 100, "0.50", "0.52"));
        harness.processWatermark(S + 999);
        PriceTick quiet =
                new PriceTick(
                        "a",
                        "0xcond",
                        S + 100,
                        S + 60_000,
                        new BigDecimal("0.51"),
                        new BigDecimal("0.50"),
                        new BigDecimal("0.52"),
                        null,
                        BigDecimal.ZERO,
                        dev.polystream.ws.TickKind.CONFIRMATION,
                        dev.polystream.ws.PriceSource.WS);
        harness.processElement(new StreamRecord<>(quiet, quiet.exchangeTimeMs()));

        assertThat(bars()).hasSize(2);
        PriceBar confirmation = bars().get(1);
        assertThat(confirmation.hasActivity()).isFalse();
        assertThat(confirmation.close()).isEqualByComparingTo("0.51");
        assertThat(confirmation.closeExchangeTimeMs()).isEqualTo(S + 100);
        assertThat(confirmation.confirmedAtMs()).isEqualTo(S + 60_000);
        // Nothing was folded into an open second.
        harness.processWatermark(S + 10_999);
        assertThat(bars()).hasSize(2);
    }
}
