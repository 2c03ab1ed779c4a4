package dev.polystream.ws.flink;

import dev.polystream.ws.protocol.MarketEvent;
import dev.polystream.ws.protocol.MarketMessageParser;
import dev.polystream.ws.protocol.NewMarketEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the tokens of the markets a raw frame announces ({@code new_market}), for a source that
 * streams every market. A cheap text test first: only the rare frames naming the event are parsed.
 * Thread-safe (a parser per announcing frame).
 */
final class NewMarkets {

    private NewMarkets() {}

    /** Whether the frame may announce a market (a text test; {@link #tokensIn} decides). */
    static boolean mayAnnounce(String frame) {
        return frame.contains(NewMarketEvent.TYPE);
    }

    /** The tokens of every active market the frame announces, in order; empty when none. */
    static List<String> tokensIn(String frame) {
        List<String> tokens = new ArrayList<>();
        for (MarketEvent event : new MarketMessageParser().parse(frame).events()) {
            if (event instanceof NewMarketEvent announced
                    && !Boolean.FALSE.equals(announced.active())) {
                tokens.addAll(announced.assetIds());
            }
        }
        return tokens;
    }
}
