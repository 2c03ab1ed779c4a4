package dev.polystream.job.universe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystream.ws.gamma.GammaMarket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UniverseTest {

    @Test
    void shouldReadWantedAndAll() {
        Universe wanted = Universe.parse("wanted");
        assertThat(wanted.readsCatalogue()).isFalse();
        assertThat(wanted.isAll()).isFalse();
        Universe all = Universe.parse(" ALL ");
        assertThat(all.readsCatalogue()).isTrue();
        assertThat(all.isAll()).isTrue();
        assertThat(all.gammaQuery()).isEmpty();
    }

    @Test
    void shouldTurnFiltersIntoGammaQueryParameters() {
        Universe filtered =
                Universe.parse("tag:21, min-volume:10000,min-liquidity:2.5e3,event:fed-decision");
        assertThat(filtered.readsCatalogue()).isTrue();
        assertThat(filtered.isAll()).isFalse();
        assertThat(filtered.gammaQuery())
                .isEqualTo(
                        Map.of(
                                "tag_id", "21",
                                "volume_num_min", "10000",
                                "liquidity_num_min", "2500"));
        assertThat(filtered.eventSlugs()).containsExactly("fed-decision");
    }

    @Test
    void shouldAcceptTradableMarketsOfTheNamedEventsOnly() {
        Universe events = Universe.parse("event:a,event:b");
        assertThat(events.accepts(market("a", true))).isTrue();
        assertThat(events.accepts(market("b", true))).isTrue();
        assertThat(events.accepts(market("c", true))).isFalse();
        assertThat(events.accepts(market(null, true))).isFalse();
        assertThat(events.accepts(market("a", false))).isFalse();
        assertThat(Universe.parse("all").accepts(market(null, true))).isTrue();
        assertThat(Universe.parse("all").accepts(market(null, false))).isFalse();
    }

    @Test
    void shouldRefuseBadInputNamingTheTermAndTheGrammar() {
        assertThatThrownBy(() -> Universe.parse(""))
                .hasMessageContaining("empty")
                .hasMessageContaining("tag:<gamma tag id>");
        assertThatThrownBy(() -> Universe.parse("everything"))
                .hasMessageContaining("'everything' is not <name>:<value>");
        assertThatThrownBy(() -> Universe.parse("colour:red"))
                .hasMessageContaining("unknown filter 'colour'");
        assertThatThrownBy(() -> Universe.parse("tag:politics"))
                .hasMessageContaining("numeric tag id");
        assertThatThrownBy(() -> Universe.parse("min-volume:lots"))
                .hasMessageContaining("takes a number");
        assertThatThrownBy(() -> Universe.parse("min-liquidity:-1"))
                .hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> Universe.parse("tag:1,tag:2")).hasMessageContaining("twice");
        assertThatThrownBy(() -> Universe.parse("event:"))
                .hasMessageContaining("not <name>:<value>");
        assertThatThrownBy(() -> Universe.parse("event:a b")).hasMessageContaining("event slug");
        assertThatThrownBy(() -> Universe.parse("all,tag:1"))
                .hasMessageContaining("'all' is not <name>:<value>");
    }

    private static GammaMarket market(String eventSlug, boolean open) {
        return new GammaMarket(
                "1",
                "0xabc",
                "Q?",
                "q",
                List.of("Yes", "No"),
                List.of("11", "12"),
                List.of(),
                true,
                !open,
                open,
                null,
                null,
                eventSlug);
    }
}
