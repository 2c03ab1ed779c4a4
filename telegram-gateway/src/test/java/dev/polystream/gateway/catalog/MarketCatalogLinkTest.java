package dev.polystream.gateway.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarketCatalogLinkTest {

    @Test
    void shouldFindMarketAndEventLinksInText() {
        assertThat(
                        MarketCatalog.findLink(
                                "look https://polymarket.com/event/fed-decision/fed-cuts?tid=1 now"))
                .contains("https://polymarket.com/event/fed-decision/fed-cuts?tid=1");
        assertThat(MarketCatalog.findLink("polymarket.com/market/will-it-rain"))
                .contains("polymarket.com/market/will-it-rain");
        assertThat(MarketCatalog.findLink("https://www.polymarket.com/es/event/x"))
                .contains("https://www.polymarket.com/es/event/x");
        assertThat(MarketCatalog.findLink("https://evil.example/event/x")).isEmpty();
        assertThat(MarketCatalog.findLink("no link here")).isEmpty();
    }
}
