package dev.polystream.gateway.store;

import dev.polystream.gateway.domain.PositionView;
import dev.polystream.gateway.domain.TokenPrice;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads a trader's active positions with their tokens' latest prices. */
public final class PortfolioStore {

    private PortfolioStore() {}

    public static List<PositionView> active(Connection connection, long userId)
            throws SQLException {
        var positions = PositionStore.findActive(connection, userId);
        List<String> tokens = positions.stream().map(p -> p.tokenId()).distinct().toList();
        Map<String, TokenPrice> prices = TokenPriceStore.findAll(connection, tokens);
        List<PositionView> views = new ArrayList<>();
        for (var p : positions) {
            String question =
                    p.marketId() == null
                            ? null
                            : MarketStore.find(connection, p.marketId())
                                    .map(m -> m.question())
                                    .orElse(null);
            views.add(new PositionView(p, prices.get(p.tokenId()), question));
        }
        return views;
    }
}
