package dev.polystream.gateway.service;

import dev.polystream.gateway.domain.Fill;
import dev.polystream.gateway.domain.Market;
import dev.polystream.gateway.domain.NewPosition;
import dev.polystream.gateway.domain.Position;
import dev.polystream.gateway.domain.PositionNotActiveException;
import dev.polystream.gateway.domain.PositionNotFoundException;
import dev.polystream.gateway.domain.Quote;
import dev.polystream.gateway.domain.Sale;
import dev.polystream.gateway.domain.TokenPrice;
import dev.polystream.gateway.domain.TradeRefusedException;
import dev.polystream.gateway.store.AlertStore;
import dev.polystream.gateway.store.MarketStore;
import dev.polystream.gateway.store.OrderStore;
import dev.polystream.gateway.store.PositionStore;
import dev.polystream.gateway.store.TokenPriceStore;
import dev.polystream.gateway.store.UserStore;
import dev.polystream.gateway.store.WatchStore;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Paper fills inside the caller's transaction: a buy at the best ask (a new position or averaged
 * into the one held) and a sell at the best bid (reduced, or closed with its realized P&amp;L),
 * each with its order row and, when the number of positions in the token changes, the token's
 * outbox row.
 */
final class PaperFills {

    private static final BigDecimal HUNDRED = new BigDecimal("100");

    private final PositionService positions;
    private final TradeChecks checks;

    PaperFills(PositionService positions, TradeChecks checks) {
        this.positions = positions;
        this.checks = checks;
    }

    Fill buy(Connection c, Quote quote) throws SQLException {
        Market market =
                MarketStore.find(c, quote.marketId())
                        .orElseThrow(() -> new TradeRefusedException("That market is gone."));
        TradeChecks.requireOpen(market);
        TokenPrice price =
                checks.requireFresh(TokenPriceStore.find(c, quote.tokenId()), quote.outcome());
        BigDecimal ask = TradeChecks.requireSide(price.bestAsk(), quote.outcome(), "asks", "buy");
        BigDecimal shares = quote.usdc().divide(ask, 2, RoundingMode.DOWN);
        if (shares.signum() <= 0) {
            throw new TradeRefusedException("$" + quote.usdc() + " buys no whole cent of a share.");
        }
        BigDecimal cost = shares.multiply(ask);
        long userId = quote.userId();
        UserStore.ensureExists(c, userId);
        UserStore.lock(c, userId);
        Optional<Position> held = PositionStore.findActiveForUpdate(c, userId, quote.tokenId());
        Position position;
        if (held.isPresent()) {
            Position p = held.get();
            BigDecimal amount = p.amount().add(shares);
            BigDecimal entry =
                    p.amount()
                            .multiply(p.entryPrice())
                            .add(cost)
                            .divide(amount, 10, RoundingMode.HALF_EVEN)
                            .stripTrailingZeros();
            position = PositionStore.resize(c, p.id(), amount, entry);
        } else {
            position =
                    PositionStore.insert(
                            c,
                            new NewPosition(
                                    userId,
                                    market.id(),
                                    quote.tokenId(),
                                    quote.outcome(),
                                    shares,
                                    ask));
            positions.announce(c, quote.tokenId(), market.id(), +1, 0);
        }
        if (quote.autoWatched() && WatchStore.delete(c, userId, quote.tokenId())) {
            positions.announce(c, quote.tokenId(), null, 0, -1);
        }
        long orderId =
                OrderStore.insert(
                        c,
                        userId,
                        position.id(),
                        market.id(),
                        quote.tokenId(),
                        "buy",
                        shares,
                        ask,
                        cost,
                        null,
                        price.asOf());
        return new Fill(
                orderId,
                position,
                shares,
                ask,
                cost.setScale(2, RoundingMode.HALF_UP),
                held.isPresent());
    }

    Sale sell(Connection c, long userId, long positionId, BigDecimal pct) throws SQLException {
        if (PositionStore.findVisible(c, userId, positionId).isEmpty()) {
            throw new PositionNotFoundException(positionId);
        }
        Position p =
                PositionStore.findForUpdate(c, positionId)
                        .orElseThrow(() -> new PositionNotFoundException(positionId));
        TradeChecks.requirePaper(p);
        if (!p.isActive()) {
            throw new PositionNotActiveException(positionId, p.status());
        }
        Optional<Market> market =
                p.marketId() == null ? Optional.empty() : MarketStore.find(c, p.marketId());
        if (market.isPresent() && !market.get().isOpen()) {
            throw new TradeRefusedException(
                    "The market of position #"
                            + positionId
                            + " is closed; it settles when the market resolves.");
        }
        TokenPrice price = checks.requireFresh(TokenPriceStore.find(c, p.tokenId()), p.outcome());
        BigDecimal bid = TradeChecks.requireSide(price.bestBid(), p.outcome(), "bids", "sell");
        BigDecimal sold =
                pct.compareTo(HUNDRED) == 0
                        ? p.amount()
                        : p.amount().multiply(pct).divide(HUNDRED, 6, RoundingMode.DOWN);
        if (sold.signum() <= 0) {
            throw new TradeRefusedException(
                    pct.toPlainString()
                            + "% of "
                            + p.amount().toPlainString()
                            + " shares is nothing to sell.");
        }
        BigDecimal remaining = p.amount().subtract(sold);
        boolean closes = remaining.signum() <= 0;
        BigDecimal realized = PositionStore.salePnl(c, p.id(), sold, bid);
        Position after;
        if (closes) {
            after = PositionStore.closeSold(c, p.id(), bid, realized);
            positions.announce(c, p.tokenId(), p.marketId(), -1, 0);
            AlertStore.deleteArmedPnlAlerts(c, p.id());
        } else {
            after = PositionStore.reduce(c, p.id(), remaining, realized);
        }
        BigDecimal proceeds = bid.multiply(sold);
        long orderId =
                OrderStore.insert(
                        c,
                        userId,
                        p.id(),
                        p.marketId(),
                        p.tokenId(),
                        "sell",
                        sold,
                        bid,
                        proceeds,
                        realized,
                        price.asOf());
        return new Sale(
                orderId,
                after,
                sold,
                bid,
                proceeds.setScale(2, RoundingMode.HALF_UP),
                realized.setScale(2, RoundingMode.HALF_UP),
                closes);
    }
}
