package dev.polystream.ws.gamma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystream.ws.testing.FakeGammaServer;
import dev.polystream.ws.testing.Fixtures;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The decoder on real Gamma bodies, and the client against the fake Gamma server over HTTP. */
class GammaClientTest {

    private static final String XI =
            "rest_gamma/market__xi-jinping-out_keyset_item_real_2026-10-06__equinox.json";

    private FakeGammaServer gamma;
    private GammaClient client;

    @BeforeEach
    void start() {
        gamma = FakeGammaServer.start();
        client = new GammaClient(gamma.baseUrl(), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        gamma.close();
    }

    @Test
    void shouldDecodeRealKeysetItemWithStringEncodedLists() {
        GammaMarket m = GammaDecoder.market(GammaDecoder.parse(Fixtures.polymarket(XI)));
        assertThat(m.id()).isEqualTo("559651");
        assertThat(m.question()).isEqualTo("Xi Jinping out before 2027?");
        assertThat(m.slug()).isEqualTo("xi-jinping-out-before-2027");
        assertThat(m.outcomes()).containsExactly("Yes", "No");
        assertThat(m.tokenIds())
                .containsExactly(
                        "32338220190071351435772801779725302244575775216413325951443816017994629993401",
                        "25659310674993675562345759665114759892400026242514633218387667107987341231962");
        assertThat(m.outcomePrices())
                .containsExactly(new BigDecimal("0.0245"), new BigDecimal("0.9755"));
        assertThat(m.active()).isTrue();
        assertThat(m.closed()).isFalse();
        assertThat(m.endDate()).isEqualTo(Instant.parse("2027-01-01T04:59:00Z"));
        assertThat(m.tickSize()).isEqualByComparingTo("0.001");
        assertThat(m.isTradable()).isTrue();
    }

    @Test
    void shouldDecodeClosedMarketAndRealArraysAndOmittedKeys() {
        GammaMarket closed =
                GammaDecoder.market(
                        GammaDecoder.parse(
                                Fixtures.polymarket(
                                        "rest_gamma/market__closed_resolved__nautilus.json")));
        assertThat(closed.closed()).isTrue();
        assertThat(closed.isTradable()).isFalse();

        GammaMarket arrays =
                GammaDecoder.market(
                        GammaDecoder.parse(
                                "{\"id\":7,\"outcomes\":[\"A\",\"B\"],\"clobTokenIds\":[\"1\",\"2\"],"
                                        + "\"outcomePrices\":[0.25,1],\"orderPriceMinTickSize\":1,"
                                        + "\"active\":true}"));
        assertThat(arrays.id()).isEqualTo("7");
        assertThat(arrays.outcomes()).containsExactly("A", "B");
        assertThat(arrays.tokenIds()).containsExactly("1", "2");
        assertThat(arrays.outcomePrices()).containsExactly(new BigDecimal("0.25"), BigDecimal.ONE);
        assertThat(arrays.tickSize()).isEqualByComparingTo("1");
        assertThat(arrays.endDate()).isNull();

        GammaMarket placeholder =
                GammaDecoder.market(GammaDecoder.parse("{\"id\":\"9\",\"clobTokenIds\":null}"));
        assertThat(placeholder.tokenIds()).isEmpty();
        assertThat(placeholder.outcomePrices()).isEmpty();
        assertThat(placeholder.isTradable()).isFalse();

        assertThatThrownBy(() -> GammaDecoder.market(GammaDecoder.parse("{\"question\":\"x\"}")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldDecodeRealEventAndSearchBodies() {
        GammaEvent event =
                GammaDecoder.event(
                        GammaDecoder.parse(
                                        Fixtures.polymarket(
                                                "rest_gamma/events_list__real__nautilus.json"))
                                .get(0));
        assertThat(event.slug()).isEqualTo("democratic-presidential-nominee-2028");
        assertThat(event.markets()).extracting(GammaMarket::id).containsExactly("559657", "559659");

        List<GammaMarket> found =
                GammaDecoder.searchResults(
                        Fixtures.polymarket("rest_gamma/public_search__nautilus.json"));
        assertThat(found).extracting(GammaMarket::id).contains("1500056");
    }

    @Test
    void shouldWalkEveryKeysetPageWithTheCursor() {
        for (int i = 0; i < 7; i++) {
            gamma.addMarket(
                    FakeGammaServer.market(
                            "m" + i,
                            "Question " + i,
                            "slug-" + i,
                            "0x" + i,
                            List.of("Yes", "No"),
                            List.of("t" + i + "y", "t" + i + "n"),
                            List.of("0.5", "0.5")));
        }
        gamma.addMarket(Fixtures.polymarket(XI));
        gamma.setField("m3", "closed", true);

        List<String> ids = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            GammaPage page = client.marketsPage(cursor, 3);
            page.markets().forEach(m -> ids.add(m.id()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(ids).containsExactly("m0", "m1", "m2", "m4", "m5", "m6", "559651");
        assertThat(pages).isEqualTo(3);
        assertThat(gamma.requests().get(1)).contains("after_cursor=");
    }

    @Test
    void shouldFindBySlugIdAndEventAndReportMissingAndFailures() {
        gamma.addMarket(Fixtures.polymarket(XI));
        gamma.addEvent("e1", "xi-event", "Xi", "559651");

        assertThat(client.marketBySlug("xi-jinping-out-before-2027"))
                .get()
                .extracting(GammaMarket::id)
                .isEqualTo("559651");
        assertThat(client.market("559651")).isPresent();
        assertThat(client.market("404404")).isEmpty();
        assertThat(client.eventBySlug("xi-event").orElseThrow().markets()).hasSize(1);
        assertThat(client.search("xi jinping"))
                .extracting(GammaMarket::id)
                .containsExactly("559651");

        gamma.failNext(1, 503);
        assertThatThrownBy(() -> client.market("559651"))
                .isInstanceOfSatisfying(
                        GammaException.class, e -> assertThat(e.status()).isEqualTo(503));
        assertThat(client.market("559651")).isPresent();
    }

    @Test
    void shouldFindTheClosedMarketsHoldingGivenTokens() {
        gamma.addMarket(
                FakeGammaServer.market(
                        "c1",
                        "Closed one?",
                        "closed-one",
                        "0xc1",
                        List.of("Yes", "No"),
                        List.of("11", "12"),
                        List.of("1", "0")));
        gamma.setField("c1", "closed", true);
        gamma.addMarket(
                FakeGammaServer.market(
                        "o1",
                        "Open one?",
                        "open-one",
                        "0xo1",
                        List.of("Yes", "No"),
                        List.of("21", "22"),
                        List.of("0.4", "0.6")));
        gamma.addMarket(
                FakeGammaServer.market(
                        "c2",
                        "Closed, not ours?",
                        "closed-two",
                        "0xc2",
                        List.of("Yes", "No"),
                        List.of("31", "32"),
                        List.of("0", "1")));
        gamma.setField("c2", "closed", true);

        List<GammaMarket> closed = client.closedMarketsOf(List.of("12", "21", "99"));

        assertThat(closed).extracting(GammaMarket::id).containsExactly("c1");
        assertThat(closed.get(0).closed()).isTrue();
        assertThat(closed.get(0).outcomePrices())
                .extracting(java.math.BigDecimal::toPlainString)
                .containsExactly("1", "0");
        String request = gamma.requests().get(gamma.requests().size() - 1);
        assertThat(request)
                .contains("closed=true")
                .contains("clob_token_ids=12")
                .contains("clob_token_ids=21");
        assertThat(client.closedMarketsOf(List.of())).isEmpty();
    }
}
