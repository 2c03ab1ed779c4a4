package dev.polystream.job.universe;

import dev.polystream.ws.gamma.GammaMarket;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Which markets the job streams, as the {@code universe} option spells it: {@code wanted} (what
 * positions, linked wallets and watches want: the intents from Kafka), {@code all} (every active
 * market of Gamma's catalogue), or a filter of comma-separated terms, all of which a market must
 * pass: {@code tag:<gamma tag id>}, {@code min-volume:<n>}, {@code min-liquidity:<n>}, {@code
 * event:<slug>} (repeatable: any of the events). Tag, volume and liquidity are Gamma's own query
 * filters ({@code tag_id}, {@code volume_num_min}, {@code liquidity_num_min}); the event slug is
 * checked on each market's parent event.
 */
public final class Universe implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String WANTED = "wanted";
    public static final String ALL = "all";

    /** The grammar, for error messages and the option's description. */
    public static final String GRAMMAR =
            "'wanted', 'all', or comma-separated filters: tag:<gamma tag id>, min-volume:<n>,"
                    + " min-liquidity:<n>, event:<slug> (repeatable)";

    private final String text;
    private final boolean catalogue;

    /** Gamma query parameters, in order. */
    private final LinkedHashMap<String, String> query;

    private final LinkedHashSet<String> eventSlugs;

    private Universe(
            String text,
            boolean catalogue,
            LinkedHashMap<String, String> query,
            LinkedHashSet<String> eventSlugs) {
        this.text = text;
        this.catalogue = catalogue;
        this.query = query;
        this.eventSlugs = eventSlugs;
    }

    /**
     * Reads the option's value.
     *
     * @throws IllegalArgumentException naming the bad term and the grammar
     */
    public static Universe parse(String value) {
        String text = value == null ? "" : value.trim();
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.equals(WANTED)) {
            return new Universe(WANTED, false, new LinkedHashMap<>(), new LinkedHashSet<>());
        }
        if (lower.equals(ALL)) {
            return new Universe(ALL, true, new LinkedHashMap<>(), new LinkedHashSet<>());
        }
        if (text.isEmpty()) {
            throw refused(value, "it is empty");
        }
        LinkedHashMap<String, String> query = new LinkedHashMap<>();
        LinkedHashSet<String> events = new LinkedHashSet<>();
        for (String raw : text.split(",", -1)) {
            String term = raw.trim();
            int colon = term.indexOf(':');
            if (colon <= 0 || colon == term.length() - 1) {
                throw refused(value, "'" + term + "' is not <name>:<value>");
            }
            String name = term.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String arg = term.substring(colon + 1).trim();
            switch (name) {
                case "tag":
                    if (!arg.matches("[0-9]{1,20}")) {
                        throw refused(value, "tag takes Gamma's numeric tag id, got '" + arg + "'");
                    }
                    once(query, "tag_id", arg, value, name);
                    break;
                case "min-volume":
                    once(query, "volume_num_min", number(arg, value, name), value, name);
                    break;
                case "min-liquidity":
                    once(query, "liquidity_num_min", number(arg, value, name), value, name);
                    break;
                case "event":
                    if (!arg.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,199}")) {
                        throw refused(value, "'" + arg + "' is not an event slug");
                    }
                    events.add(arg);
                    break;
                default:
                    throw refused(value, "unknown filter '" + name + "'");
            }
        }
        return new Universe(text, true, query, events);
    }

    /** False for {@code wanted}: the catalogue is not read at all. */
    public boolean readsCatalogue() {
        return catalogue;
    }

    /** True for {@code all}: every new market is wanted, so {@code new_market} subscribes it. */
    public boolean isAll() {
        return catalogue && query.isEmpty() && eventSlugs.isEmpty();
    }

    /** Gamma's filter parameters for {@code /markets/keyset}; empty for {@code all}. */
    public Map<String, String> gammaQuery() {
        return Map.copyOf(query);
    }

    /**
     * Whether a market of the catalogue page is streamed: tradable (active, open, one token per
     * outcome) and, with {@code event:} terms, a child of one of those events.
     */
    public boolean accepts(GammaMarket market) {
        if (!market.isTradable()) {
            return false;
        }
        return eventSlugs.isEmpty() || eventSlugs.contains(market.eventSlug());
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Universe u
                && catalogue == u.catalogue
                && query.equals(u.query)
                && eventSlugs.equals(u.eventSlugs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(catalogue, query, eventSlugs);
    }

    /** The event slugs of the filter, in order (empty: any event). */
    public List<String> eventSlugs() {
        return new ArrayList<>(eventSlugs);
    }

    private static void once(
            Map<String, String> query, String param, String arg, String value, String name) {
        if (query.putIfAbsent(param, arg) != null) {
            throw refused(value, "'" + name + "' given twice");
        }
    }

    private static String number(String arg, String value, String name) {
        try {
            BigDecimal n = new BigDecimal(arg);
            if (n.signum() < 0) {
                throw refused(value, name + " must not be negative, got " + arg);
            }
            return n.toPlainString();
        } catch (NumberFormatException e) {
            throw refused(value, name + " takes a number, got '" + arg + "'");
        }
    }

    private static IllegalArgumentException refused(String value, String why) {
        return new IllegalArgumentException(
                "universe='" + value + "' is not valid (" + why + "); expected " + GRAMMAR);
    }
}
