package dev.polystream.ws.testing;

import dev.polystream.ws.protocol.PriceLevel;
import dev.polystream.ws.protocol.Side;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The exchange model: binary markets whose NO book mirrors the YES book, and the clock that stamps
 * scripted events. Every change of a book is journalled with its new top. Event loop only.
 */
final class FakeExchange {

    private final Map<String, FakeMarket> markets = new LinkedHashMap<>();
    private final Map<String, FakeBook> books = new HashMap<>();
    private final Journal journal;
    private final AtomicLong txCounter = new AtomicLong();
    private LongSupplier clock = System::currentTimeMillis;

    FakeExchange(Journal journal) {
        this.journal = journal;
    }

    /**
     * Lists a binary market with tick size 0.01, no trade yet; the NO book is the exact mirror of
     * the YES book: a NO bid at 1−p for every YES ask at p, a NO ask at 1−p for every YES bid.
     */
    void addBinaryMarket(
            String conditionId,
            String yesToken,
            String noToken,
            String minOrderSize,
            List<PriceLevel> yesBids,
            List<PriceLevel> yesAsks) {
        FakeMarket market = new FakeMarket(conditionId, yesToken, noToken, minOrderSize);
        markets.put(conditionId, market);
        FakeBook yes = new FakeBook(yesToken, market);
        FakeBook no = new FakeBook(noToken, market);
        for (PriceLevel l : yesBids) {
            yes.set(Side.BUY, l.price(), l.size());
            no.set(Side.SELL, mirror(l.price()), l.size());
        }
        for (PriceLevel l : yesAsks) {
            yes.set(Side.SELL, l.price(), l.size());
            no.set(Side.BUY, mirror(l.price()), l.size());
        }
        books.put(yesToken, yes);
        books.put(noToken, no);
        long ts = now();
        journal.top(yes, ts);
        journal.top(no, ts);
    }

    /** The token's book; fails for an unknown token. */
    FakeBook book(String token) {
        FakeBook book = books.get(token);
        if (book == null) {
            throw new IllegalArgumentException("No book for token " + token + "; add its market");
        }
        return book;
    }

    /** The token's book, or null for an unknown token (as the wire treats them). */
    FakeBook bookOrNull(String token) {
        return books.get(token);
    }

    /** The book of the market's other outcome. */
    FakeBook other(FakeBook book) {
        return books.get(book.market.other(book.token));
    }

    /** The market; fails for an unknown one. */
    FakeMarket market(String conditionId) {
        FakeMarket market = markets.get(conditionId);
        if (market == null) {
            throw new IllegalArgumentException("No market " + conditionId);
        }
        return market;
    }

    Collection<FakeMarket> markets() {
        return markets.values();
    }

    /** The markets (condition id, YES token, NO token) with a token among {@code tokens}. */
    List<String[]> streamedTo(Set<String> tokens) {
        List<String[]> streamed = new ArrayList<>();
        for (FakeMarket m : markets.values()) {
            if (tokens.contains(m.yes) || tokens.contains(m.no)) {
                streamed.add(new String[] {m.conditionId, m.yes, m.no});
            }
        }
        return streamed;
    }

    /** Sets a level and records the book's new top, as of exchange time {@code ts}. */
    void mutate(FakeBook book, Side side, BigDecimal price, BigDecimal size, long ts) {
        book.set(side, price, size);
        journal.top(book, ts);
    }

    long now() {
        return clock.getAsLong();
    }

    void clock(LongSupplier clock) {
        this.clock = clock;
    }

    String nextTransactionHash() {
        return String.format("0x%064x", txCounter.incrementAndGet());
    }

    static BigDecimal mirror(BigDecimal price) {
        return BigDecimal.ONE.subtract(price);
    }
}
