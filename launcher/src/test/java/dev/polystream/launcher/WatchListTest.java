package dev.polystream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystream.ws.gamma.GammaClient;
import dev.polystream.ws.testing.FakeGammaServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code --watch} names resolved against the fake Gamma: slugs, links, token ids, refusals. */
class WatchListTest {

    private static final String YES = "1".repeat(77);
    private static final String NO = "2".repeat(77);
    private static final String RAIN_YES = "3".repeat(77);
    private static final String RAIN_NO = "4".repeat(77);
    private static final String OTHER = "5".repeat(77);

    private FakeGammaServer fake;
    private GammaClient gamma;

    @BeforeEach
    void start() {
        fake = FakeGammaServer.start();
        fake.addMarket(
                FakeGammaServer.market(
                        "501",
                        "Will the Fed cut in March?",
                        "fed-cut-march",
                        "0x" + "ab".repeat(32),
                        List.of("Yes", "No"),
                        List.of(YES, NO),
                        List.of("0.3", "0.7")));
        fake.addMarket(
                FakeGammaServer.market(
                        "502",
                        "Will it rain tomorrow?",
                        "rain-tomorrow",
                        "0x" + "cd".repeat(32),
                        List.of("Yes", "No"),
                        List.of(RAIN_YES, RAIN_NO),
                        List.of("0.5", "0.5")));
        fake.addEvent("900", "fed-2027", "Fed decisions 2027", "501", "502");
        gamma = new GammaClient(fake.baseUrl(), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void shouldResolveAMarketSlugAndKeepTokenIds() {
        assertThat(WatchList.resolve(List.of(OTHER, "fed-cut-march"), gamma))
                .containsExactly(OTHER, YES, NO);
        assertThat(fake.requests()).containsExactly("/markets/slug/fed-cut-march");
    }

    @Test
    void shouldResolveAnEventSlugToAllItsMarkets() {
        assertThat(WatchList.resolve(List.of("fed-2027"), gamma))
                .containsExactly(YES, NO, RAIN_YES, RAIN_NO);
    }

    @Test
    void shouldResolvePolymarketLinks() {
        assertThat(WatchList.resolve(List.of("https://polymarket.com/market/rain-tomorrow"), gamma))
                .containsExactly(RAIN_YES, RAIN_NO);
        assertThat(WatchList.resolve(List.of("https://polymarket.com/event/fed-2027?tid=1"), gamma))
                .containsExactly(YES, NO, RAIN_YES, RAIN_NO);
        assertThat(WatchList.resolve(List.of("polymarket.com/event/fed-2027/fed-cut-march"), gamma))
                .containsExactly(YES, NO);
        assertThat(
                        WatchList.resolve(
                                List.of("https://www.polymarket.com/de/event/fed-2027/"), gamma))
                .containsExactly(YES, NO, RAIN_YES, RAIN_NO);
    }

    @Test
    void shouldRefuseOtherHostsAndMalformedInputWithoutAskingGamma() {
        assertThatThrownBy(
                        () ->
                                WatchList.resolve(
                                        List.of("https://evil.example/event/fed-2027"), gamma))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "--watch https://evil.example/event/fed-2027: only"
                                + " https://polymarket.com/event/<slug> and /market/<slug> links"
                                + " are looked up");
        assertThatThrownBy(
                        () ->
                                WatchList.resolve(
                                        List.of("https://polymarket.com.evil.example/event/x"),
                                        gamma))
                .hasMessageContaining("only https://polymarket.com/event/<slug>");
        assertThatThrownBy(() -> WatchList.resolve(List.of("ftp://polymarket.com/event/x"), gamma))
                .hasMessageContaining("only https://polymarket.com/event/<slug>");
        assertThatThrownBy(() -> WatchList.resolve(List.of("will it rain?"), gamma))
                .hasMessage(
                        "--watch takes token ids, market slugs or polymarket.com links; 'will it"
                                + " rain?' is none of them");
        assertThatThrownBy(
                        () ->
                                WatchList.resolve(
                                        List.of("https://polymarket.com/event/a%2F..%2Fb"), gamma))
                .hasMessageContaining("only https://polymarket.com/event/<slug>");
        assertThat(fake.requests()).isEmpty();
    }

    @Test
    void shouldSayWhenGammaKnowsNothingOrCannotBeReached() {
        assertThatThrownBy(() -> WatchList.resolve(List.of("no-such-market"), gamma))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "--watch no-such-market: Gamma knows no market or event by that slug;"
                                + " copy the link from polymarket.com or give token ids");
        fake.failNext(10, 503);
        assertThatThrownBy(() -> WatchList.resolve(List.of("fed-cut-march"), gamma))
                .isInstanceOf(StartupFailure.class)
                .hasMessageStartingWith("cannot look up --watch fed-cut-march at Gamma (")
                .hasMessageEndingWith("check the network connection, or watch token ids");
    }
}
