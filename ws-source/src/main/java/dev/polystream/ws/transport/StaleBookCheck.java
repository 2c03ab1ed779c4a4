package dev.polystream.ws.transport;

import dev.polystream.ws.book.OrderBook;
import dev.polystream.ws.protocol.BookEvent;
import dev.polystream.ws.protocol.PriceLevel;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST cross-check of one connection's live books (NT #4901's other face: one asset's updates
 * stop while the socket stays healthy). A top that differs from the REST book at two checks in a
 * row while the live book heard nothing in between is stale; one difference alone may be an update
 * in flight. Confined to the connection's event loop.
 */
final class StaleBookCheck {

    private static final Logger LOG = LoggerFactory.getLogger(StaleBookCheck.class);

    private final int connectionId;

    /** Tokens whose top differed from REST at the last cross-check, with their book's time. */
    private final Map<String, Long> suspect = new HashMap<>();

    StaleBookCheck(int connectionId) {
        this.connectionId = connectionId;
    }

    /**
     * @param book the token's live book, null if it is not streamed or has none
     * @return whether the book is stale and must be subscribed again
     */
    boolean stale(String token, OrderBook book, BookEvent rest) {
        if (book == null || !book.snapshotSeen()) {
            suspect.remove(token);
            return false;
        }
        if (sameTop(book, rest)) {
            suspect.remove(token);
            return false;
        }
        Long seenAt = suspect.put(token, book.timestamp());
        if (seenAt == null || seenAt != book.timestamp()) {
            return false;
        }
        suspect.remove(token);
        LOG.warn(
                "Connection {}: token {} shows {} / {} but REST {} / {} twice, with no update"
                        + " between; subscribing it again",
                connectionId,
                token,
                book.bestBid(),
                book.bestAsk(),
                best(rest.bids(), true),
                best(rest.asks(), false));
        return true;
    }

    void forget(String token) {
        suspect.remove(token);
    }

    void clear() {
        suspect.clear();
    }

    private static boolean sameTop(OrderBook book, BookEvent rest) {
        return same(book.bestBid(), best(rest.bids(), true))
                && same(book.bestAsk(), best(rest.asks(), false));
    }

    private static BigDecimal best(List<PriceLevel> levels, boolean highest) {
        BigDecimal best = null;
        for (PriceLevel level : levels) {
            if (level.size().signum() != 0
                    && (best == null || (level.price().compareTo(best) > 0) == highest)) {
                best = level.price();
            }
        }
        return best;
    }

    private static boolean same(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }
}
