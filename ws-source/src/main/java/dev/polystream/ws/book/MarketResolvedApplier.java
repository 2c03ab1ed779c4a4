package dev.polystream.ws.book;

import dev.polystream.ws.PriceTick;
import dev.polystream.ws.TickKind;
import dev.polystream.ws.protocol.MarketResolvedEvent;
import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies a {@code market_resolved}: one {@link TickKind#RESOLVED} tick per subscribed token of the
 * market, at 1 for the winner and 0 for the others. Without a winner there is nothing to publish.
 */
final class MarketResolvedApplier implements EventApplier<MarketResolvedEvent> {

    private final FeedBooks books;

    MarketResolvedApplier(FeedBooks books) {
        this.books = books;
    }

    @Override
    public void apply(MarketResolvedEvent e, long receivedAtMs, List<PriceTick> out) {
        if (e.winningAssetId() == null) {
            // Without a winner there is no price to publish.
            return;
        }
        Set<String> tokens = new LinkedHashSet<>(e.assetIds());
        tokens.add(e.winningAssetId());
        long time = e.timestamp() > 0 ? e.timestamp() : receivedAtMs;
        for (String token : tokens) {
            if (!books.keeps(token)) {
                continue;
            }
            OrderBook book = books.get(token);
            String market = e.market() != null ? e.market() : book == null ? null : book.market();
            out.add(
                    new PriceTick(
                            token,
                            market,
                            time,
                            receivedAtMs,
                            token.equals(e.winningAssetId()) ? BigDecimal.ONE : BigDecimal.ZERO,
                            null,
                            null,
                            book == null ? null : book.lastTradePrice(),
                            BigDecimal.ZERO,
                            TickKind.RESOLVED,
                            books.source()));
        }
    }
}
