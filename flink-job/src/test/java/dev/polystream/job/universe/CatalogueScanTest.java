package dev.polystream.job.universe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystream.ws.gamma.GammaClient;
import dev.polystream.ws.gamma.GammaException;
import dev.polystream.ws.testing.FakeGammaServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The catalogue walk against the fake Gamma: every page, open markets only, filters sent. */
class CatalogueScanTest {

    private FakeGammaServer gamma;
    private GammaClient client;

    @BeforeEach
    void start() {
        gamma = FakeGammaServer.start();
        client = new GammaClient(gamma.baseUrl(), Duration.ofSeconds(5));
        for (int i = 0; i < 250; i++) {
            gamma.addMarket(
                    FakeGammaServer.market(
                            "g" + i,
                            "Q" + i + "?",
                            "q-" + i,
                            "0x" + String.format("%064x", i),
                            List.of("Yes", "No"),
                            List.of("1" + i, "2" + i),
                            List.of("0.5", "0.5")));
        }
    }

    @AfterEach
    void stop() {
        gamma.close();
    }

    @Test
    void shouldWalkEveryPageAndKeepOpenMarketsOnly() {
        gamma.setField("g3", "closed", true);
        Map<String, String> tokens = new CatalogueScan(client, Universe.parse("all")).run();
        assertThat(tokens).hasSize(2 * 249).doesNotContainKeys("13", "23");
        assertThat(tokens).containsEntry("1249", "0x" + String.format("%064x", 249));
        assertThat(gamma.requests()).hasSize(3).allMatch(r -> r.startsWith("/markets/keyset?"));
    }

    @Test
    void shouldSendTheFiltersToGammaAndCheckEventsItself() {
        gamma.addEvent("e1", "chosen", "Chosen", "g5", "g6");
        Map<String, String> tokens =
                new CatalogueScan(client, Universe.parse("min-volume:1000,event:chosen")).run();
        assertThat(tokens).containsOnlyKeys("15", "25", "16", "26");
        assertThat(gamma.requests()).allMatch(r -> r.contains("volume_num_min=1000"));
    }

    @Test
    void shouldFailTheWholeWalkWhenAPageFails() {
        gamma.failNext(1, 429);
        assertThatThrownBy(() -> new CatalogueScan(client, Universe.parse("all")).run())
                .isInstanceOf(GammaException.class)
                .hasMessageContaining("429");
    }
}
