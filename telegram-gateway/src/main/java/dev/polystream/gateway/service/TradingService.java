package dev.polystream.gateway.service;

import dev.polystream.gateway.domain.Fill;
import dev.polystream.gateway.domain.Inputs;
import dev.polystream.gateway.domain.InvalidInputException;
import dev.polystream.gateway.domain.Market;
import dev.polystream.gateway.domain.NotFoundException;
import dev.polystream.gateway.domain.Position;
import dev.polystream.gateway.domain.PositionNotActiveException;
import dev.polystream.gateway.domain.PositionNotFoundException;
import dev.polystream.gateway.domain.Quote;
import dev.polystream.gateway.domain.Sale;
import dev.polystream.gateway.domain.TokenPrice;
import dev.polystream.gateway.domain.TradeRefusedException;
import dev.polystream.gateway.store.PositionStore;
import dev.polystream.gateway.store.TokenPriceStore;
import dev.polystream.gateway.store.TransactionRunner;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
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
 *
 * <p>This class is the trader-facing facade; the parts are {@link QuoteBook} (quotes waiting for
 * Confirm), {@link TradeChecks} (the refusals) and {@link PaperFills} (the fills in SQL).
 */
public final class TradingService {

    private static final Logger LOG = LoggerFactory.getLogger(TradingService.class);

    private final TransactionRunner transactions;
    private final PositionService positions;
    private final TradeChecks checks;
    private final PaperFills fills;
    private final QuoteBook quotes;
    private final Duration priceWait;
    private final Duration quoteTtl;
    private final Clock clock;

    public TradingService(
            DataSource dataSource,
            PositionService positions,
            Duration maxPriceAge,
            Duration priceWait,
            Duration quoteTtl,
            Clock clock) {
        this.transactions = new TransactionRunner(dataSource);
        this.positions = positions;
        this.checks = new TradeChecks(maxPriceAge);
        this.fills = new PaperFills(positions, checks);
        this.quotes = new QuoteBook(clock, this::unwatchQuietly);
        this.priceWait = priceWait;
        this.quoteTtl = quoteTtl;
        this.clock = clock;
    }

    public Duration maxPriceAge() {
        return checks.maxPriceAge();
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
        TradeChecks.requireOpen(market);
        String token = market.tokenIds().get(outcomeIndex);
        String outcome = market.outcome(outcomeIndex);
        Optional<TokenPrice> price = price(token);
        boolean autoWatched = false;
        if (price.isEmpty() || price.get().isOlderThan(checks.maxPriceAge())) {
            autoWatched = positions.watch(userId, token, market.id());
            price = awaitFreshPrice(token);
        }
        try {
            TokenPrice p = checks.requireFresh(price, outcome);
            BigDecimal ask = TradeChecks.requireSide(p.bestAsk(), outcome, "asks", "buy");
            BigDecimal shares = amount.divide(ask, 2, RoundingMode.DOWN);
            if (shares.signum() <= 0) {
                throw new TradeRefusedException("$" + amount + " buys no whole cent of a share.");
            }
            Quote quote =
                    new Quote(
                            QuoteBook.newId(),
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
            quotes.put(quote);
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
        Quote quote = quotes.claim(userId, quoteId);
        Fill fill;
        try {
            fill = transactions.inTransaction("fill a buy", c -> fills.buy(c, quote));
        } catch (TradeRefusedException e) {
            quotes.putBack(quote);
            throw e;
        } catch (RuntimeException e) {
            quotes.putBack(quote);
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
        Quote quote = quotes.claim(userId, quoteId);
        if (quote.autoWatched()) {
            unwatchQuietly(userId, quote.tokenId());
        }
        return Optional.of(quote);
    }

    /** Drops expired quotes and the watches they started; returns how many. */
    public int expireQuotes() {
        return quotes.expire();
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
        TradeChecks.requirePaper(p);
        if (!p.isActive()) {
            throw new PositionNotActiveException(positionId, p.status());
        }
        return p;
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
                        "fill a sell", c -> fills.sell(c, userId, positionId, pct));
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

    private Optional<TokenPrice> awaitFreshPrice(String token) {
        long deadline = System.nanoTime() + priceWait.toNanos();
        Optional<TokenPrice> price = price(token);
        while ((price.isEmpty() || price.get().isOlderThan(checks.maxPriceAge()))
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
}
