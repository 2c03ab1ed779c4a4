package dev.polystream.job.universe;

import dev.polystream.ws.gamma.GammaClient;
import dev.polystream.ws.gamma.GammaMarket;
import dev.polystream.ws.gamma.GammaPage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One walk over Gamma's catalogue ({@code /markets/keyset}, 100 markets a page) collecting the
 * tokens of every market the {@link Universe} accepts. Bounded in pages; throws {@link
 * dev.polystream.ws.gamma.GammaException} when a page fails (the caller retries the whole walk).
 */
final class CatalogueScan {

    /** 200,000 markets: forty times today's catalogue; a loop guard, not a limit in practice. */
    static final int MAX_PAGES = 2000;

    private final GammaClient gamma;
    private final Universe universe;

    CatalogueScan(GammaClient gamma, Universe universe) {
        this.gamma = gamma;
        this.universe = universe;
    }

    /** Token id → market (its condition id, or Gamma's id without one), in catalogue order. */
    Map<String, String> run() {
        Map<String, String> tokens = new LinkedHashMap<>();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            GammaPage result =
                    gamma.marketsPage(cursor, GammaClient.MAX_PAGE_SIZE, universe.gammaQuery());
            for (GammaMarket market : result.markets()) {
                if (universe.accepts(market)) {
                    String id = market.conditionId() != null ? market.conditionId() : market.id();
                    for (String token : market.tokenIds()) {
                        tokens.put(token, id);
                    }
                }
            }
            if (result.isLast()) {
                return tokens;
            }
            cursor = result.nextCursor();
        }
        throw new IllegalStateException(
                "Gamma's catalogue has more than " + MAX_PAGES + " pages; refusing to walk on");
    }
}
