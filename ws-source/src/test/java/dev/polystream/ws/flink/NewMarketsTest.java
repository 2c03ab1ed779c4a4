package dev.polystream.ws.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystream.ws.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** The tokens a raw frame announces, from the real {@code new_market} capture. */
class NewMarketsTest {

    private static final String YES =
            "76043073756653678226373981964075571318267289248134717369284518995922789326425";
    private static final String NO =
            "31690934263385727664202099278545688007799199447969475608906331829650099442770";

    @Test
    void shouldFindTheAnnouncedTokensInARealFrame() {
        String frame = Fixtures.wsMarket("new_market__asyncapi_2026__nautilus.json");
        assertThat(NewMarkets.mayAnnounce(frame)).isTrue();
        assertThat(NewMarkets.tokensIn(frame)).containsExactly(YES, NO);
        assertThat(NewMarkets.tokensIn("[" + frame + "," + frame + "]"))
                .containsExactly(YES, NO, YES, NO);
    }

    @Test
    void shouldIgnoreOtherFramesAndInactiveMarkets() {
        String resolved = Fixtures.wsMarket("market_resolved__asyncapi_2026__nautilus.json");
        assertThat(NewMarkets.tokensIn(resolved)).isEmpty();
        assertThat(NewMarkets.mayAnnounce("PONG")).isFalse();
        String inactive =
                Fixtures.wsMarket("new_market__asyncapi_2026__nautilus.json")
                        .replace("\"active\": true", "\"active\": false");
        assertThat(NewMarkets.tokensIn(inactive)).isEmpty();
    }
}
