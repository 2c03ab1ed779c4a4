package dev.polystream.ws.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystream.ws.testing.WholeFeedModel.Market;
import dev.polystream.ws.testing.WholeFeedModel.NewMarket;
import dev.polystream.ws.testing.WholeFeedModel.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The whole feed through the fake server to one loopback client. */
class WholeFeedTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final FakePolymarketServer server = FakePolymarketServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldStreamTheConfiguredRateAndAnnounceCatalogueChanges() throws Exception {
        // 2,000 entries/s = 1,000 frames/s; many catalogue events so that a short run sees some
        Settings settings = Settings.of(150, 2000).withEvents(240, 240);
        Set<String> heard = ConcurrentHashMap.newKeySet();
        try (WholeFeed feed =
                        WholeFeed.start(
                                server,
                                settings,
                                e -> {
                                    if (e instanceof NewMarket n) {
                                        heard.add(n.market().conditionId());
                                    }
                                });
                JdkWebSocket ws = new JdkWebSocket(server.wsUrl())) {
            List<String> tokens = new ArrayList<>();
            for (Market m : feed.markets()) {
                tokens.add(m.yes());
                tokens.add(m.no());
            }
            ws.send(FakePolymarketServerTestSupport.initial(tokens.toArray(new String[0])));
            assertThat(ws.next(Duration.ofSeconds(5))).startsWith("["); // the snapshots

            long from = feed.sent() + feed.unheard() + feed.dropped();
            long start = System.nanoTime();
            int priceChanges = 0;
            int newMarkets = 0;
            int resolved = 0;
            while (System.nanoTime() - start < 3_000_000_000L) {
                String frame = ws.next(Duration.ofSeconds(1));
                if (frame == null) {
                    break;
                }
                String type = JSON.readTree(frame).path("event_type").asText();
                priceChanges += "price_change".equals(type) ? 1 : 0;
                newMarkets += "new_market".equals(type) ? 1 : 0;
                resolved += "market_resolved".equals(type) ? 1 : 0;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long draws = feed.sent() + feed.unheard() + feed.dropped() - from;

            // the total rate (all frames drawn, heard or not) within 15 %
            assertThat(draws / seconds).isBetween(850.0, 1150.0);
            // the new markets were not subscribed: their frames are unheard, the rest arrive
            assertThat(priceChanges).isGreaterThan((int) (0.5 * draws));
            assertThat(feed.dropped()).isZero();
            // 4 of each a second expected: 12 in 3 s
            assertThat(newMarkets).isGreaterThan(2);
            assertThat(resolved).isGreaterThan(2);
            assertThat(feed.newMarkets()).isEqualTo(heard.size()).isGreaterThan(2);
            assertThat(feed.resolutions()).isGreaterThan(2);
        }
    }

    @Test
    void shouldListAndResolveOnDemandAndStopTickingTheResolvedMarket() throws Exception {
        // 5 markets at 1,000 frames/s: each ticks often, so a tick after the resolution would show
        Settings settings = Settings.of(5, 2000).withEvents(0, 0);
        try (WholeFeed feed = WholeFeed.start(server, settings);
                JdkWebSocket ws = new JdkWebSocket(server.wsUrl())) {
            List<String> tokens = new ArrayList<>();
            for (Market m : feed.markets()) {
                tokens.add(m.yes());
                tokens.add(m.no());
            }
            ws.send(FakePolymarketServerTestSupport.initial(tokens.toArray(new String[0])));
            Market resolved = feed.markets().get(0);

            Market listed = feed.listNewMarket();
            feed.resolve(resolved, resolved.yes());

            assertThat(feed.markets()).contains(listed).doesNotContain(resolved);
            boolean announced = false;
            boolean resolution = false;
            int ticksAfter = 0;
            int others = 0;
            long start = System.nanoTime();
            while (System.nanoTime() - start < 1_500_000_000L) {
                String frame = ws.next(Duration.ofSeconds(1));
                if (frame == null || frame.startsWith("[")) {
                    continue;
                }
                var json = JSON.readTree(frame);
                String type = json.path("event_type").asText();
                String market = json.path("market").asText();
                announced |= "new_market".equals(type) && listed.conditionId().equals(market);
                if ("market_resolved".equals(type) && resolved.conditionId().equals(market)) {
                    resolution = true;
                    assertThat(json.path("winning_asset_id").asText()).isEqualTo(resolved.yes());
                } else if ("price_change".equals(type) && resolution) {
                    ticksAfter += resolved.conditionId().equals(market) ? 1 : 0;
                    others++;
                }
            }
            assertThat(announced).isTrue();
            assertThat(resolution).isTrue();
            assertThat(others).isGreaterThan(100);
            assertThat(ticksAfter).isZero();
        }
    }
}
