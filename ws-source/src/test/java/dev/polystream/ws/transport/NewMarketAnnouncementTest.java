package dev.polystream.ws.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystream.ws.PriceSource;
import dev.polystream.ws.PriceTick;
import dev.polystream.ws.book.MarketFeedProcessor;
import dev.polystream.ws.book.Observer;
import dev.polystream.ws.book.Options;
import dev.polystream.ws.protocol.NewMarketEvent;
import dev.polystream.ws.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The tokens a {@code new_market} frame announces reach the listener as parsed by the feed
 * processor (no second parse, no text test per frame), from the real capture; inactive markets and
 * other frames announce nothing.
 */
class NewMarketAnnouncementTest {

    private static final String YES =
            "76043073756653678226373981964075571318267289248134717369284518995922789326425";
    private static final String NO =
            "31690934263385727664202099278545688007799199447969475608906331829650099442770";

    private final List<String> announced = new ArrayList<>();
    private final ConnectionReporter reporter =
            new ConnectionReporter(
                    1,
                    new MarketChannelListener() {
                        @Override
                        public void onTicks(List<PriceTick> ticks) {}

                        @Override
                        public void onNewMarket(List<String> tokenIds) {
                            announced.addAll(tokenIds);
                        }
                    });
    private final MarketFeedProcessor processor =
            new MarketFeedProcessor(
                    PriceSource.WS,
                    t -> true,
                    Options.defaults(),
                    new Observer() {
                        @Override
                        public void onNewMarket(NewMarketEvent e) {
                            reporter.newMarket(e);
                        }
                    });

    private List<String> announcedBy(String frame) {
        announced.clear();
        processor.onFrame(frame, 0);
        return List.copyOf(announced);
    }

    @Test
    void shouldFindTheAnnouncedTokensInARealFrame() {
        String frame = Fixtures.wsMarket("new_market__asyncapi_2026__nautilus.json");
        assertThat(announcedBy(frame)).containsExactly(YES, NO);
        assertThat(announcedBy("[" + frame + "," + frame + "]")).containsExactly(YES, NO, YES, NO);
    }

    @Test
    void shouldIgnoreOtherFramesAndInactiveMarkets() {
        String resolved = Fixtures.wsMarket("market_resolved__asyncapi_2026__nautilus.json");
        assertThat(announcedBy(resolved)).isEmpty();
        assertThat(announcedBy("PONG")).isEmpty();
        String inactive =
                Fixtures.wsMarket("new_market__asyncapi_2026__nautilus.json")
                        .replace("\"active\": true", "\"active\": false");
        assertThat(announcedBy(inactive)).isEmpty();
    }
}
