package dev.polystream.ws.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystream.ws.testing.WholeFeedModel.Event;
import dev.polystream.ws.testing.WholeFeedModel.Market;
import dev.polystream.ws.testing.WholeFeedModel.NewMarket;
import dev.polystream.ws.testing.WholeFeedModel.Resolved;
import dev.polystream.ws.testing.WholeFeedModel.Settings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WholeFeedModelTest {

    private static final int MARKETS = 10_000;
    private static final int DRAWS = 300_000;

    /** Entries per market over {@link #DRAWS} draws, most active first. */
    private static long[] activitySorted(WholeFeedModel model) {
        long[] counts = new long[MARKETS];
        for (int i = 0; i < DRAWS; i++) {
            counts[model.nextTicking().index()]++;
        }
        Arrays.sort(counts);
        long[] descending = new long[MARKETS];
        for (int i = 0; i < MARKETS; i++) {
            descending[i] = counts[MARKETS - 1 - i];
        }
        return descending;
    }

    private static double share(long[] sorted, int from, int to) {
        long part = 0;
        for (int i = from; i < to; i++) {
            part += sorted[i];
        }
        return part / (double) DRAWS;
    }

    @Test
    void shouldGiveAFewHotMarketsMostEntriesAndMostMarketsFew() {
        long[] sorted = activitySorted(new WholeFeedModel(Settings.of(MARKETS, 7000)));

        // Both tokens of a market carry its entries, so the top 1 % of tokens is the top 1 % of
        // markets. Zipf 1.1 over 10,000 markets: ~65 % expected.
        assertThat(share(sorted, 0, MARKETS / 100)).isGreaterThan(0.5);
        // ... and the quieter half of the markets carries ~4 %.
        assertThat(share(sorted, MARKETS / 2, MARKETS)).isLessThan(0.1);
        // the median market ticks rarely: far below the mean of 30 draws a market
        assertThat(sorted[MARKETS / 2]).isLessThan(10);
    }

    @Test
    void shouldSpreadEvenlyWithExponentZero() {
        Settings uniform = Settings.of(MARKETS, 7000).withZipfExponent(0);

        long[] sorted = activitySorted(new WholeFeedModel(uniform));

        assertThat(share(sorted, 0, MARKETS / 100)).isLessThan(0.03);
    }

    @Test
    void shouldBeDeterministicForASeed() {
        Settings settings = Settings.of(500, 7000).withEvents(60, 60);
        WholeFeedModel a = new WholeFeedModel(settings);
        WholeFeedModel b = new WholeFeedModel(settings);
        WholeFeedModel other = new WholeFeedModel(settings.withSeed(7));
        List<Integer> drawsA = new ArrayList<>();
        List<Integer> drawsB = new ArrayList<>();
        List<Integer> drawsOther = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            drawsA.add(a.nextTicking().index());
            drawsB.add(b.nextTicking().index());
            drawsOther.add(other.nextTicking().index());
        }

        assertThat(drawsA).isEqualTo(drawsB).isNotEqualTo(drawsOther);
        assertThat(a.eventsUntil(120_000)).isEqualTo(b.eventsUntil(120_000)).isNotEmpty();
        assertThat(a.markets()).isEqualTo(b.markets());
    }

    @Test
    void shouldListAndResolveMarketsAtTheConfiguredRates() {
        WholeFeedModel model = new WholeFeedModel(Settings.of(1000, 7000).withEvents(60, 30));
        Set<String> before = conditions(model.markets());

        List<Event> events = model.eventsUntil(120_000);

        List<Market> listed = new ArrayList<>();
        List<Market> resolved = new ArrayList<>();
        for (Event e : events) {
            if (e instanceof NewMarket n) {
                listed.add(n.market());
            } else if (e instanceof Resolved r) {
                resolved.add(r.market());
                assertThat(r.winningToken()).isIn(r.market().yes(), r.market().no());
            }
        }
        // Poisson: 120 and 60 expected in two minutes
        assertThat(listed).hasSizeBetween(80, 165);
        assertThat(resolved).hasSizeBetween(35, 90);
        Set<String> now = conditions(model.markets());
        assertThat(now).hasSize(1000 + listed.size() - resolved.size());
        listed.stream()
                .filter(m -> !resolved.contains(m))
                .forEach(m -> assertThat(now).contains(m.conditionId()));
        resolved.forEach(m -> assertThat(now).doesNotContain(m.conditionId()));
        assertThat(before).contains(resolved.get(0).conditionId());
        assertThat(model.eventsUntil(120_000)).isEmpty();
    }

    @Test
    void shouldNeverTickAResolvedMarket() {
        WholeFeedModel model = new WholeFeedModel(Settings.of(20, 7000).withEvents(0, 600));
        List<Event> events = model.eventsUntil(60_000);
        Set<String> gone = new HashSet<>();
        events.forEach(e -> gone.add(((Resolved) e).market().conditionId()));

        assertThat(gone).hasSize(19); // the last market never resolves
        for (int i = 0; i < 1000; i++) {
            assertThat(gone).doesNotContain(model.nextTicking().conditionId());
        }
    }

    @Test
    void shouldListAndResolveOnDemand() {
        WholeFeedModel model = new WholeFeedModel(Settings.of(3, 7000).withEvents(0, 0));
        Market first = model.markets().get(0);

        Market listed = model.listNow().market();
        Resolved resolved = model.resolveNow(first, first.no());

        assertThat(resolved.winningToken()).isEqualTo(first.no());
        assertThat(model.markets()).contains(listed).doesNotContain(first).hasSize(3);
        assertThat(listed.index()).isEqualTo(3);
        assertThatThrownBy(() -> model.resolveNow(first, first.yes()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> model.resolveNow(listed, "42"))
                .isInstanceOf(IllegalArgumentException.class);
        for (int i = 0; i < 1000; i++) {
            assertThat(model.nextTicking()).isNotEqualTo(first);
        }
    }

    @Test
    void shouldNameMarketsAndTokensUniquely() {
        WholeFeedModel model = new WholeFeedModel(Settings.of(2000, 7000));
        Set<String> ids = new HashSet<>();
        for (Market m : model.markets()) {
            ids.add(m.conditionId());
            ids.add(m.yes());
            ids.add(m.no());
            assertThat(m.yes()).hasSize(77).containsOnlyDigits();
            assertThat(m.conditionId()).hasSize(66).startsWith("0x");
        }
        assertThat(ids).hasSize(6000);
    }

    private static Set<String> conditions(List<Market> markets) {
        Set<String> ids = new HashSet<>();
        markets.forEach(m -> ids.add(m.conditionId()));
        return ids;
    }
}
