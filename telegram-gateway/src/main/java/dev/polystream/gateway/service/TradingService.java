package dev.polystream.gateway.service;

import dev.polystream.gateway.domain.Fill;
import dev.polystream.gateway.domain.Inputs;
import dev.polystream.gateway.domain.InvalidInputException;
import dev.polystream.gateway.domain.Market;
import dev.polystream.gateway.domain.NewPosition;
import dev.polystream.gateway.domain.NotFoundException;
import dev.polystream.gateway.domain.Position;
import dev.polystream.gateway.domain.PositionNotActiveException;
import dev.polystream.gateway.domain.PositionNotFoundException;
import dev.polystream.gateway.domain.PositionSource;
import dev.polystream.gateway.domain.Quote;
import dev.polystream.gateway.domain.Sale;
import dev.polystream.gateway.domain.TokenPrice;
import dev.polystream.gateway.domain.TradeRefusedException;
import dev.polystream.gateway.domain.WalletAddress;
import dev.polystream.gateway.store.AlertStore;
import dev.polystream.gateway.store.MarketStore;
import dev.polystream.gateway.store.OrderStore;
import dev.polystream.gateway.store.PositionStore;
import dev.polystream.gateway.store.TokenPriceStore;
import dev.polystream.gateway.store.TransactionRunner;
import dev.polystream.gateway.store.UserStore;
import dev.polystream.gateway.store.WatchStore;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paper trading against the live top of book: buys fill at the best ask, sells at the best bid,
 * both read from the job's {@code token_prices}. Real order placement is out of scope; this class
 * is the execution seam a CLOB implementation would replace.
 *
 * <p>A buy is two steps: {@link #quote} (shows shares, price and cost) and {@link #confirm} (fills
 * at the best ask of that moment). A second buy of a token the trader holds is averaged into the
 * same position. Every fill runs in one transaction with its order row and, when the number of
 * positions in the token changes, the token's outbox row.
 */
public final class TradingService {

    private static final Logger LOG = LoggerFactory.getLogger(TradingService.class);
    private static final BigDecimal HUNDRED = new BigDecimal("100");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TransactionRunner transactions;
    private final PositionService positions;
    private final Duration maxPriceAge;
    private final Duration priceWait;
    private final Duration quoteTtl;
    private final Clock clock;
    private final Map<String, Quote> quotes = new ConcurrentHashMap<>();

    public TradingService(
            DataSource dataSource,
            PositionService positions,
            Duration maxPriceAge,
            Duration priceWait,
            Duration quoteTtl,
            Clock clock) {
        this.transactions = new TransactionRunner(dataSource);
        this.positions = positions;
        this.maxPriceAge = maxPriceAge;
        this.priceWait = priceWait;
        this.quoteTtl = quoteTtl;
        this.clock = clock;
    }

    public Duration maxPriceAge() {
        return maxPriceAge;
    }

    /** The latest prices of the tokens the job has priced. */
    public Map<String, TokenPrice> prices(java.util.Collection<String> tokenIds) {
        return transactions.inTransaction("read prices", c -> TokenPriceStore.findAll(c, tokenIds));
    }

    /** The token's latest price, if the job has written one. */
    public Optional<TokenPrice> price(String tokenId) {
        return transactions.inTransaction("read a price", c -> TokenPriceStore.find(c, tokenId));
    }

    /**
     * Prices a buy of {@code usdc} worth of outcome {@code outcomeIndex} at the current best ask.
     * When nobody streams the token yet, the trader starts watching it (so the job subscribes) and
     * this waits up to {@code trade.price-wait} for a first live price.
     *
     * @throws InvalidInputException for a bad amount or outcome
     * @throws TradeRefusedException when the market is closed, the price is stale or the book has
     *     no asks
     */
    public Quote quote(long userId, Market market, int outcomeIndex, BigDecimal usdc) {
        Inputs.userId(userId);
        BigDecimal amount = Inputs.usdc(usdc);
        if (outcomeIndex < 0
                || outcomeIndex >= market.tokenIds().size()
                || outcomeIndex >= market.outcomes().size()) {
            throw new InvalidInputException(
                    "That market has no outcome #" + (outcomeIndex + 1) + ".");
        }
        requireOpen(market);
        String token = market.tokenIds().get(outcomeIndex);
        String outcome = market.outcome(outcomeIndex);
        Optional<TokenPrice> price = price(token);
        boolean autoWatched = false;
        if (price.isEmpty() || price.get().isOlderThan(maxPriceAge)) {
            autoWatched = positions.watch(userId, token, market.id());
            price = awaitFreshPrice(token);
        }
        try {
            TokenPrice p = requireFresh(price, outcome);
            BigDecimal ask = requireSide(p.bestAsk(), outcome, "asks", "buy");
            BigDecimal shares = amount.divide(ask, 2, RoundingMode.DOWN);
            if (shares.signum() <= 0) {
                throw new TradeRefusedException("$" + amount + " buys no whole cent of a share.");
            }
            Quote quote =
                    new Quote(
                            newId(),
                            userId,
                            market.id(),
                            market.title(),
                            token,
                            outcome,
                            amount,
                            ask,
                            shares,
                            shares.multiply(ask).setScale(2, RoundingMode.HALF_UP),
                            p.age(),
                            clock.instant().plus(quoteTtl),
                            autoWatched);
            quotes.put(quote.id(), quote);
            return quote;
        } catch (RuntimeException e) {
            if (autoWatched) {
                unwatchQuietly(userId, token);
            }
            throw e;
        }
    }

    /**
     * Fills the trader's quote at the best ask now.
     *
     * @throws NotFoundException when the quote is unknown, used, expired, or someone else's
     * @throws TradeRefusedException when the market closed, the price went stale or the asks went
     *     away meanwhile (the quote stays valid until it expires)
     */
    public Fill confirm(long userId, String quoteId) {
        Quote quote = claim(userId, quoteId);
        Fill fill;
        try {
            fill = transactions.inTransaction("fill a buy", c -> fillBuy(c, quote));
        } catch (TradeRefusedException e) {
            quotes.putIfAbsent(quote.id(), quote);
            throw e;
        } catch (RuntimeException e) {
            quotes.putIfAbsent(quote.id(), quote);
            throw e;
        }
        LOG.info(
                "Buy filled order={} user={} position={} token={} shares={} price={} averaged={}",
                fill.orderId(),
                userId,
                fill.position().id(),
                quote.tokenId(),
                fill.shares().toPlainString(),
                fill.price().toPlainString(),
                fill.averaged());
        positions.afterCommit();
        return fill;
    }

    /** Drops the trader's quote (and the watch it started); empty when there was none. */
    public Optional<Quote> cancel(long userId, String quoteId) {
        Quote quote = claim(userId, quoteId);
        if (quote.autoWatched()) {
            unwatchQuietly(userId, quote.tokenId());
        }
        return Optional.of(quote);
    }

    /** Drops expired quotes and the watches they started; returns how many. */
    public int expireQuotes() {
        Instant now = clock.instant();
        List<Quote> expired = new ArrayList<>();
        quotes.values().removeIf(q -> q.expiresAt().isBefore(now) && expired.add(q));
        for (Quote q : expired) {
            if (q.autoWatched()) {
                unwatchQuietly(q.userId(), q.tokenId());
            }
        }
        return expired.size();
    }

    /**
     * The trader's active paper position; refused like a missing one when it is someone else's, and
     * refused with the reason when it is a real holding of a linked wallet.
     */
    public Position ownActivePosition(long userId, long positionId) {
        Position p =
                transactions
                        .inTransaction(
                                "read a position",
                                c -> PositionStore.findVisible(c, userId, positionId))
                        .orElseThrow(() -> new PositionNotFoundException(positionId));
        requirePaper(p);
        if (!p.isActive()) {
            throw new PositionNotActiveException(positionId, p.status());
        }
        return p;
    }

    private static void requirePaper(Position p) {
        if (p.source() == PositionSource.WALLET) {
            throw new TradeRefusedException(
                    "Position #"
                            + p.id()
                            + " is a real holding of your wallet "
                            + WalletAddress.shorten(p.wallet())
                            + "; trade it on polymarket.com (the bot only paper-trades).");
        }
    }

    /**
     * Sells {@code percent} of one of the trader's positions at the best bid; at 100 % the position
     * is closed with its realized P&L.
     */
    public Sale sell(long userId, long positionId, BigDecimal percent) {
        Inputs.userId(userId);
        BigDecimal pct = Inputs.percent(percent);
        Sale sale =
                transactions.inTransaction(
                        "fill a sell", c -> fillSell(c, userId, positionId, pct));
        LOG.info(
                "Sell filled order={} user={} position={} shares={} price={} realized={} closed={}",
                sale.orderId(),
                userId,
                positionId,
                sale.shares().toPlainString(),
                sale.price().toPlainString(),
                sale.realizedPnl().toPlainString(),
                sale.closed());
        if (sale.closed()) {
            positions.afterCommit();
        }
        return sale;
    }

    private Fill fillBuy(Connection c, Quote quote) throws SQLException {
        Market market =
                MarketStore.find(c, quote.marketId())
                        .orElseThrow(() -> new TradeRefusedException("That market is gone."));
        requireOpen(market);
        TokenPrice price = requireFresh(TokenPriceStore.find(c, quote.tokenId()), quote.outcome());
        BigDecimal ask = requireSide(price.bestAsk(), quote.outcome(), "asks", "buy");
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

    private Sale fillSell(Connection c, long userId, long positionId, BigDecimal pct)
            throws SQLException {
        if (PositionStore.findVisible(c, userId, positionId).isEmpty()) {
            throw new PositionNotFoundException(positionId);
        }
        Position p =
                PositionStore.findForUpdate(c, positionId)
                        .orElseThrow(() -> new PositionNotFoundException(positionId));
        requirePaper(p);
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
        TokenPrice price = requireFresh(TokenPriceStore.find(c, p.tokenId()), p.outcome());
        BigDecimal bid = requireSide(price.bestBid(), p.outcome(), "bids", "sell");
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

    /** Takes the quote out so that two Confirms cannot both fill it. */
    private Quote claim(long userId, String quoteId) {
        NotFoundException gone =
                new NotFoundException(
                        "This confirmation has expired or was already used. Send /buy again.");
        if (quoteId == null) {
            throw gone;
        }
        Quote quote = quotes.get(quoteId);
        if (quote == null || quote.userId() != userId) {
            throw gone;
        }
        if (!quotes.remove(quoteId, quote)) {
            throw gone;
        }
        if (quote.expiresAt().isBefore(clock.instant())) {
            if (quote.autoWatched()) {
                unwatchQuietly(userId, quote.tokenId());
            }
            throw gone;
        }
        return quote;
    }

    private Optional<TokenPrice> awaitFreshPrice(String token) {
        long deadline = System.nanoTime() + priceWait.toNanos();
        Optional<TokenPrice> price = price(token);
        while ((price.isEmpty() || price.get().isOlderThan(maxPriceAge))
                && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            price = price(token);
        }
        return price;
    }

    private TokenPrice requireFresh(Optional<TokenPrice> price, String outcome) {
        if (price.isEmpty() || price.get().age() == null) {
            throw new TradeRefusedException(
                    "No live price for "
                            + outcome
                            + " yet (the exchange has not sent one). Try again in a moment.");
        }
        TokenPrice p = price.get();
        if (p.isOlderThan(maxPriceAge)) {
            throw new TradeRefusedException(
                    "The price of "
                            + outcome
                            + " is stale ("
                            + p.age().toSeconds()
                            + " s old, the limit is "
                            + maxPriceAge.toSeconds()
                            + " s). Try again when it updates.");
        }
        return p;
    }

    private static BigDecimal requireSide(
            BigDecimal value, String outcome, String side, String verb) {
        if (value == null || value.signum() <= 0 || value.compareTo(BigDecimal.ONE) >= 0) {
            throw new TradeRefusedException(
                    "The order book of "
                            + outcome
                            + " has no "
                            + side
                            + ": nothing to "
                            + verb
                            + " against.");
        }
        return value;
    }

    private static void requireOpen(Market market) {
        if (!market.isOpen()) {
            throw new TradeRefusedException("\"" + market.title() + "\" is closed for trading.");
        }
    }

    private void unwatchQuietly(long userId, String token) {
        try {
            positions.unwatch(userId, token);
        } catch (RuntimeException e) {
            LOG.warn(
                    "Could not drop the quote's watch user={} token={}: {}",
                    userId,
                    token,
                    e.toString());
        }
    }

    private static String newId() {
        byte[] bytes = new byte[9];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
