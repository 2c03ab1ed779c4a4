package dev.polystream.job.universe;

import static dev.polystream.ws.testing.FakePolymarketServer.levels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.polystream.job.testutils.LiveJobHarness;
import dev.polystream.ws.testing.FakeGammaServer;
import dev.polystream.ws.testing.FakePolymarketServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code universe=all} on the live job, without Kafka intents (a cluster without the gateway): a
 * fake Gamma catalogue of 1,200 binary markets (2,400 tokens) is streamed whole, no socket above
 * {@code ws.tokens-per-connection}; a market added to the catalogue and one announced by {@code
 * new_market} are streamed, a market closed in Gamma and one resolved by {@code market_resolved}
 * are dropped; a sample of tokens is priced in {@code token_prices}.
 */
class UniverseITCase {

    private static final int MARKETS = 1200;
    private static final int CAP = 150;
    private static final Duration WAIT = Duration.ofSeconds(45);

    private final Random random = new Random(10);
    private FakeGammaServer gamma;
    private LiveJobHarness h;

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
        if (gamma != null) {
            gamma.close();
        }
    }

    @Test
    void shouldStreamTheWholeCatalogueAndFollowItsChanges() throws Exception {
        gamma = FakeGammaServer.start();
        List<String[]> markets = new ArrayList<>();
        for (int i = 0; i < MARKETS; i++) {
            markets.add(newMarket(i));
        }
        for (String[] m : markets) {
            gamma.addMarket(gammaMarket(m));
        }
        Set<String> catalogue = new HashSet<>();
        markets.forEach(m -> catalogue.addAll(List.of(m[1], m[2])));
        h =
                LiveJobHarness.start(
                        2,
                        Map.of(
                                "universe", "all",
                                // As on a cluster without the gateway: no Kafka source at all.
                                "universe.kafka-intents", "false",
                                "universe.refresh-interval", "1 s",
                                "gamma.url", gamma.baseUrl().toString(),
                                "ws.tokens-per-connection", Integer.toString(CAP),
                                "ws.connect-interval", "50 ms"),
                        polymarket -> markets.forEach(m -> list(polymarket, m)));

        // The whole catalogue, every socket within the cap.
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> h.polymarket.subscribedTokens().containsAll(catalogue));
        Map<Integer, Set<String>> byConnection = h.polymarket.subscriptionsByConnection();
        assertThat(byConnection.values())
                .allSatisfy(t -> assertThat(t).hasSizeLessThanOrEqualTo(CAP));
        assertThat(byConnection).hasSizeGreaterThanOrEqualTo(2 * MARKETS / CAP);

        // A market listed later in the catalogue is streamed within the refresh interval.
        String[] listedLater = newMarket(MARKETS);
        list(h.polymarket, listedLater);
        gamma.addMarket(gammaMarket(listedLater));
        h.polymarket.awaitSubscribed(listedLater[1], Duration.ofSeconds(15));
        h.polymarket.awaitSubscribed(listedLater[2], Duration.ofSeconds(15));

        // A market announced on the feed is streamed before Gamma lists it.
        String[] announced = newMarket(MARKETS + 1);
        list(h.polymarket, announced);
        h.polymarket.announceNewMarket(announced[0], "Announced market");
        h.polymarket.awaitSubscribed(announced[1], Duration.ofSeconds(15));
        h.polymarket.awaitSubscribed(announced[2], Duration.ofSeconds(15));

        // Closed in Gamma: dropped at the next walk. Resolved on the feed: dropped at once.
        String[] closed = markets.get(7);
        gamma.setField("g7", "closed", true);
        h.polymarket.awaitUnsubscribed(closed[1], Duration.ofSeconds(15));
        h.polymarket.awaitUnsubscribed(closed[2], Duration.ofSeconds(15));
        String[] resolved = markets.get(11);
        h.polymarket.resolveMarket(resolved[0], resolved[1]);
        h.polymarket.awaitUnsubscribed(resolved[1], Duration.ofSeconds(15));
        h.polymarket.awaitUnsubscribed(resolved[2], Duration.ofSeconds(15));
        assertThat(h.polymarket.subscribedTokens()).contains(markets.get(8)[1], markets.get(8)[2]);

        // Prices for a sample of the catalogue.
        List<String> sample = new ArrayList<>();
        for (int i = 20; i < MARKETS; i += 97) {
            sample.add(markets.get(i)[1]);
            sample.add(markets.get(i)[2]);
        }
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(
                        () ->
                                assertThat(
                                                h.sql.<Long>value(
                                                        "SELECT count(*) FROM token_prices"
                                                                + " WHERE price IS NOT NULL AND"
                                                                + " token_id IN ('"
                                                                + String.join("','", sample)
                                                                + "')"))
                                        .isEqualTo((long) sample.size()));
    }

    /** Condition id, YES token, NO token: 77-digit ids like the live ones. */
    private String[] newMarket(int i) {
        String condition = "0x" + String.format("%064x", i + 1L);
        return new String[] {condition, tokenId(), tokenId()};
    }

    private String tokenId() {
        StringBuilder id = new StringBuilder().append(1 + random.nextInt(9));
        for (int d = 0; d < 76; d++) {
            id.append(random.nextInt(10));
        }
        return id.toString();
    }

    private static void list(FakePolymarketServer polymarket, String[] m) {
        polymarket.addBinaryMarket(m[0], m[1], m[2], levels("0.40", "10"), levels("0.44", "10"));
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode gammaMarket(String[] m) {
        int n = Integer.parseInt(m[0].substring(2), 16) - 1;
        return FakeGammaServer.market(
                "g" + n,
                "Market " + n + "?",
                "market-" + n,
                m[0],
                List.of("Yes", "No"),
                List.of(m[1], m[2]),
                List.of("0.42", "0.58"));
    }
}
