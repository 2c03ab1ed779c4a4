package dev.polystream.gateway.service;

import dev.polystream.gateway.domain.Market;
import dev.polystream.gateway.domain.Position;
import dev.polystream.gateway.domain.PositionSource;
import dev.polystream.gateway.domain.TokenPrice;
import dev.polystream.gateway.domain.TradeRefusedException;
import dev.polystream.gateway.domain.WalletAddress;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * The checks a paper trade must pass, each refusing with a message the trader can act on: the
 * market is open, the price is live and fresh, the book has the side to fill against, the position
 * is a paper one.
 */
final class TradeChecks {

    private final Duration maxPriceAge;

    TradeChecks(Duration maxPriceAge) {
        this.maxPriceAge = maxPriceAge;
    }

    Duration maxPriceAge() {
        return maxPriceAge;
    }

    TokenPrice requireFresh(Optional<TokenPrice> price, String outcome) {
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

    static BigDecimal requireSide(BigDecimal value, String outcome, String side, String verb) {
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

    static void requireOpen(Market market) {
        if (!market.isOpen()) {
            throw new TradeRefusedException("\"" + market.title() + "\" is closed for trading.");
        }
    }

    static void requirePaper(Position p) {
        if (p.source() == PositionSource.WALLET) {
            throw new TradeRefusedException(
                    "Position #"
                            + p.id()
                            + " is a real holding of your wallet "
                            + WalletAddress.shorten(p.wallet())
                            + "; trade it on polymarket.com (the bot only paper-trades).");
        }
    }
}
