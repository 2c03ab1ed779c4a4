package dev.polystream.gateway.service;

import dev.polystream.gateway.domain.NotFoundException;
import dev.polystream.gateway.domain.Quote;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The quotes waiting for Confirm or Cancel, in memory: each claimed at most once, by its own
 * trader, before it expires; an expired one gives back the watch it started (through {@code
 * unwatch}). Thread-safe.
 */
final class QuoteBook {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    private final BiConsumer<Long, String> unwatch;
    private final Map<String, Quote> quotes = new ConcurrentHashMap<>();

    /**
     * @param unwatch drops the watch a quote started: (user id, token id); must not throw
     */
    QuoteBook(Clock clock, BiConsumer<Long, String> unwatch) {
        this.clock = clock;
        this.unwatch = unwatch;
    }

    void put(Quote quote) {
        quotes.put(quote.id(), quote);
    }

    /** Puts back a claimed quote whose fill was refused (it stays valid until it expires). */
    void putBack(Quote quote) {
        quotes.putIfAbsent(quote.id(), quote);
    }

    /** Drops expired quotes and the watches they started; returns how many. */
    int expire() {
        Instant now = clock.instant();
        List<Quote> expired = new ArrayList<>();
        quotes.values().removeIf(q -> q.expiresAt().isBefore(now) && expired.add(q));
        for (Quote q : expired) {
            if (q.autoWatched()) {
                unwatch.accept(q.userId(), q.tokenId());
            }
        }
        return expired.size();
    }

    /** Takes the quote out so that two Confirms cannot both fill it. */
    Quote claim(long userId, String quoteId) {
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
                unwatch.accept(userId, quote.tokenId());
            }
            throw gone;
        }
        return quote;
    }

    static String newId() {
        byte[] bytes = new byte[9];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
