package dev.polystream.gateway.catalog;

import dev.polystream.gateway.domain.InvalidInputException;
import dev.polystream.gateway.domain.Market;
import dev.polystream.gateway.domain.NotFoundException;
import dev.polystream.gateway.store.MarketStore;
import dev.polystream.gateway.store.TransactionRunner;
import dev.polystream.ws.gamma.GammaClient;
import dev.polystream.ws.gamma.GammaEvent;
import dev.polystream.ws.gamma.GammaException;
import dev.polystream.ws.gamma.GammaMarket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds markets by id, slug, polymarket.com link, token or words: in the local catalogue first
 * ({@code markets}, kept by {@link MarketSync}), then at Gamma, storing what Gamma returns.
 */
public final class MarketCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(MarketCatalog.class);

    /** polymarket.com/event/{event}[/{market}] and polymarket.com/market/{market}. */
    static final Pattern LINK =
            Pattern.compile(
                    "(?:https?://)?(?:www\\.)?polymarket\\.com/(?:[a-z]{2}(?:-[a-z]{2})?/)?"
                            + "(event|market)/([A-Za-z0-9_-]{1,200})(?:/([A-Za-z0-9_-]{1,200}))?"
                            + "/?(?:[?#]\\S*)?",
                    Pattern.CASE_INSENSITIVE);

    private static final Pattern ID = Pattern.compile("\\d{1,19}");
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9_-]{0,199}");
    private static final Pattern TOKEN = Pattern.compile("\\d{20,90}");

    private final TransactionRunner transactions;
    private final GammaClient gamma;

    /**
     * @param gamma null to use the local catalogue only
     */
    public MarketCatalog(DataSource dataSource, GammaClient gamma) {
        this.transactions = new TransactionRunner(dataSource);
        this.gamma = gamma;
    }

    /** Finds the first polymarket.com market link in a text, if any. */
    public static Optional<String> findLink(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = LINK.matcher(text);
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }

    /**
     * The markets a reference names: a market id, a slug, a token id, or a polymarket.com link (an
     * event link names all of its markets).
     *
     * @throws NotFoundException when nothing matches
     * @throws InvalidInputException when the reference is malformed
     */
    public List<Market> resolve(String ref) {
        if (ref == null || ref.isBlank()) {
            throw new InvalidInputException("Name a market: its id, slug or polymarket.com link.");
        }
        String text = ref.strip();
        if (text.length() > 400) {
            throw new InvalidInputException("That market reference is too long.");
        }
        Matcher link = LINK.matcher(text);
        if (link.matches()) {
            String kind = link.group(1).toLowerCase(Locale.ROOT);
            String first = link.group(2).toLowerCase(Locale.ROOT);
            String second = link.group(3) == null ? null : link.group(3).toLowerCase(Locale.ROOT);
            if (second != null) {
                return List.of(bySlug(second).orElseThrow(() -> notFound(text)));
            }
            if (kind.equals("market")) {
                return List.of(bySlug(first).orElseThrow(() -> notFound(text)));
            }
            List<Market> event = byEventSlug(first);
            if (event.isEmpty()) {
                throw notFound(text);
            }
            return event;
        }
        if (TOKEN.matcher(text).matches()) {
            return List.of(byToken(text).orElseThrow(() -> notFound(text)));
        }
        if (ID.matcher(text).matches()) {
            return List.of(byId(text).orElseThrow(() -> notFound(text)));
        }
        String slug = text.toLowerCase(Locale.ROOT);
        if (SLUG.matcher(slug).matches()) {
            Optional<Market> market = bySlug(slug);
            if (market.isPresent()) {
                return List.of(market.get());
            }
            List<Market> event = byEventSlug(slug);
            if (!event.isEmpty()) {
                return event;
            }
            throw notFound(text);
        }
        throw new InvalidInputException(
                "That is not a market id, slug or polymarket.com link: use letters, digits and"
                        + " dashes, e.g. will-it-rain-tomorrow.");
    }

    /** One market by reference; several matches (an event link) are refused with a hint. */
    public Market resolveOne(String ref) {
        List<Market> found = resolve(ref);
        if (found.size() > 1) {
            throw new InvalidInputException(
                    "That event has "
                            + found.size()
                            + " markets; name one by its id: "
                            + String.join(", ", found.stream().limit(8).map(m -> m.id()).toList())
                            + (found.size() > 8 ? ", …" : "")
                            + ".");
        }
        return found.get(0);
    }

    public Optional<Market> byId(String id) {
        Optional<Market> local =
                transactions.inTransaction("read a market", c -> MarketStore.find(c, id));
        if (local.isPresent()) {
            return local;
        }
        return fromGamma(() -> gamma.market(id).map(List::of).orElse(List.of())).stream()
                .findFirst()
                .flatMap(m -> local(m.id()));
    }

    public Optional<Market> bySlug(String slug) {
        Optional<Market> local =
                transactions.inTransaction("read a market", c -> MarketStore.findBySlug(c, slug));
        if (local.isPresent()) {
            return local;
        }
        return fromGamma(() -> gamma.marketBySlug(slug).map(List::of).orElse(List.of())).stream()
                .findFirst()
                .flatMap(m -> local(m.id()));
    }

    public Optional<Market> byToken(String tokenId) {
        return transactions.inTransaction(
                "read a market", c -> MarketStore.findByToken(c, tokenId));
    }

    /** The markets of a Gamma event (fetched from Gamma: events are not kept locally). */
    public List<Market> byEventSlug(String slug) {
        List<GammaMarket> markets =
                fromGamma(() -> gamma.eventBySlug(slug).map(GammaEvent::markets).orElse(List.of()));
        List<Market> found = new ArrayList<>();
        for (GammaMarket m : markets) {
            if (!m.tokenIds().isEmpty()) {
                local(m.id()).ifPresent(found::add);
            }
        }
        return found;
    }

    /** Markets whose question has every word, locally; Gamma's search when nothing is local. */
    public List<Market> search(String words, int limit) {
        List<String> terms =
                Arrays.stream(words.toLowerCase(Locale.ROOT).split("\\s+"))
                        .filter(w -> !w.isBlank())
                        .limit(8)
                        .toList();
        if (terms.isEmpty()) {
            throw new InvalidInputException(
                    "Give some words to search for, e.g. /markets bitcoin.");
        }
        List<Market> local =
                transactions.inTransaction(
                        "search markets", c -> MarketStore.search(c, terms, limit));
        if (!local.isEmpty()) {
            return local;
        }
        List<GammaMarket> remote = fromGamma(() -> gamma.search(String.join(" ", terms)));
        List<Market> found = new ArrayList<>();
        for (GammaMarket m : remote) {
            if (found.size() >= limit) {
                break;
            }
            if (!m.tokenIds().isEmpty()) {
                local(m.id()).ifPresent(found::add);
            }
        }
        return found;
    }

    /** Stores markets fetched from Gamma (metadata columns only on known rows). */
    public int store(Collection<GammaMarket> markets) {
        return transactions.inTransaction("store markets", c -> MarketStore.upsert(c, markets));
    }

    private Optional<Market> local(String id) {
        return transactions.inTransaction("read a market", c -> MarketStore.find(c, id));
    }

    private interface GammaCall {
        List<GammaMarket> call();
    }

    /** Calls Gamma and stores what it returns; Gamma being down reads as "nothing found". */
    private List<GammaMarket> fromGamma(GammaCall call) {
        if (gamma == null) {
            return List.of();
        }
        try {
            List<GammaMarket> markets = call.call();
            if (!markets.isEmpty()) {
                store(markets);
            }
            return markets;
        } catch (GammaException e) {
            LOG.warn("Gamma lookup failed: {}", e.getMessage());
            return List.of();
        }
    }

    private static NotFoundException notFound(String ref) {
        return new NotFoundException("No market found for '" + ref + "'.");
    }
}
