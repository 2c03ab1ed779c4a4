package dev.polystream.ws.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The whole Polymarket feed as a model, without sockets: N binary markets whose activity is
 * heavy-tailed (market of activity rank r ticks with weight r<sup>−s</sup>, Zipf with exponent s: a
 * few hot markets carry most entries, most markets tick rarely), and a catalogue that changes now
 * and then (a new market listed, an active one resolved, each a Poisson process with its own rate).
 * Deterministic for a seed. {@link WholeFeed} drives it through the fake server.
 *
 * <p>The same settings give the same markets: {@code new WholeFeedModel(settings).markets()} tells
 * a catalogue (the fake Gamma) what {@link WholeFeed#start} will list.
 *
 * <p>Threads: {@link #nextTicking()} from one thread, {@link #eventsUntil(long)}, {@link
 * #listNow()} and {@link #resolveNow} from one thread (the two may differ: the active markets are
 * published as an immutable snapshot).
 */
public final class WholeFeedModel {

    /**
     * A binary market of the model: {@code index} is its slot (0, 1, ... in listing order), {@code
     * weight} its share of activity relative to the other markets.
     */
    public record Market(int index, String conditionId, String yes, String no, double weight) {

        /** Condition id, YES token, NO token (the shape the fake server's streams use). */
        String[] ids() {
            return new String[] {conditionId, yes, no};
        }
    }

    /** Something that happened to the catalogue. */
    public sealed interface Event permits NewMarket, Resolved {}

    /** A market was listed: it ticks from now on. */
    public record NewMarket(Market market) implements Event {}

    /** A market resolved ({@code winningToken} won): it no longer ticks. */
    public record Resolved(Market market, String winningToken) implements Event {}

    /**
     * How the whole feed behaves. {@code entriesPerSecond} counts {@code price_change} entries:
     * each frame carries two (the YES entry and its mirrored NO entry), so frames/s is half.
     */
    public record Settings(
            int markets,
            int entriesPerSecond,
            double zipfExponent,
            double newMarketsPerMinute,
            double resolutionsPerMinute,
            long seed) {

        public Settings {
            if (markets < 1 || entriesPerSecond < 2) {
                throw new IllegalArgumentException("need ≥ 1 market and ≥ 2 entries/s");
            }
            if (zipfExponent < 0 || newMarketsPerMinute < 0 || resolutionsPerMinute < 0) {
                throw new IllegalArgumentException("exponent and rates must not be negative");
            }
        }

        /** Zipf exponent 1.1, two new markets and two resolutions a minute, seed 42. */
        public static Settings of(int markets, int entriesPerSecond) {
            return new Settings(markets, entriesPerSecond, 1.1, 2, 2, 42);
        }

        public Settings withZipfExponent(double exponent) {
            return new Settings(
                    markets,
                    entriesPerSecond,
                    exponent,
                    newMarketsPerMinute,
                    resolutionsPerMinute,
                    seed);
        }

        public Settings withEvents(double newPerMinute, double resolvedPerMinute) {
            return new Settings(
                    markets, entriesPerSecond, zipfExponent, newPerMinute, resolvedPerMinute, seed);
        }

        public Settings withSeed(long newSeed) {
            return new Settings(
                    markets,
                    entriesPerSecond,
                    zipfExponent,
                    newMarketsPerMinute,
                    resolutionsPerMinute,
                    newSeed);
        }

        /** Frames per second: two entries a frame. */
        public double framesPerSecond() {
            return entriesPerSecond / 2.0;
        }
    }

    /** The active markets and their cumulative weights, replaced as a whole on every change. */
    private record Active(Market[] markets, double[] cumulative) {

        static Active of(List<Market> markets) {
            Market[] array = markets.toArray(new Market[0]);
            double[] cumulative = new double[array.length];
            double sum = 0;
            for (int i = 0; i < array.length; i++) {
                sum += array[i].weight();
                cumulative[i] = sum;
            }
            return new Active(array, cumulative);
        }
    }

    private final Settings settings;
    private final SplittableRandom ticks;
    private final SplittableRandom events;
    private final List<Market> listed = new ArrayList<>();
    private volatile Active active;
    private int nextIndex;
    private double nextNewMs;
    private double nextResolvedMs;

    public WholeFeedModel(Settings settings) {
        this.settings = settings;
        SplittableRandom root = new SplittableRandom(settings.seed());
        this.ticks = root.split();
        this.events = root.split();
        int[] ranks = new int[settings.markets()];
        for (int i = 0; i < ranks.length; i++) {
            ranks[i] = i + 1;
        }
        for (int i = ranks.length - 1; i > 0; i--) { // Fisher-Yates: hot markets anywhere
            int j = events.nextInt(i + 1);
            int t = ranks[i];
            ranks[i] = ranks[j];
            ranks[j] = t;
        }
        for (int rank : ranks) {
            listed.add(market(rank));
        }
        this.active = Active.of(listed);
        this.nextNewMs = interval(settings.newMarketsPerMinute());
        this.nextResolvedMs = interval(settings.resolutionsPerMinute());
    }

    public Settings settings() {
        return settings;
    }

    /** The markets that tick now, in listing order. */
    public List<Market> markets() {
        return List.of(active.markets());
    }

    /** The market of the next {@code price_change}: a Zipf draw among the active markets. */
    public Market nextTicking() {
        Active now = active;
        double point = ticks.nextDouble() * now.cumulative()[now.cumulative().length - 1];
        int i = Arrays.binarySearch(now.cumulative(), point);
        int at = i >= 0 ? i : -i - 1;
        return now.markets()[Math.min(at, now.markets().length - 1)];
    }

    /**
     * The catalogue events due by {@code elapsedMs} since the model started, in time order, applied
     * to the active markets. A new market takes a random activity rank among the first N; the
     * market that resolves is drawn uniformly; the last active market never resolves.
     */
    public List<Event> eventsUntil(long elapsedMs) {
        List<Event> due = new ArrayList<>();
        while (Math.min(nextNewMs, nextResolvedMs) <= elapsedMs) {
            if (nextNewMs <= nextResolvedMs) {
                Market m = market(1 + events.nextInt(settings.markets()));
                listed.add(m);
                due.add(new NewMarket(m));
                nextNewMs += interval(settings.newMarketsPerMinute());
            } else {
                if (listed.size() > 1) {
                    Market m = listed.remove(events.nextInt(listed.size()));
                    due.add(new Resolved(m, events.nextBoolean() ? m.yes() : m.no()));
                }
                nextResolvedMs += interval(settings.resolutionsPerMinute());
            }
        }
        if (!due.isEmpty()) {
            active = Active.of(listed);
        }
        return due;
    }

    /**
     * Lists one market now, outside the schedule (a new market's rank, as scheduled ones get); the
     * thread of {@link #eventsUntil(long)} only.
     */
    public NewMarket listNow() {
        Market m = market(1 + events.nextInt(settings.markets()));
        listed.add(m);
        active = Active.of(listed);
        return new NewMarket(m);
    }

    /**
     * Resolves an active market now, outside the schedule ({@code winningToken} one of its two);
     * the thread of {@link #eventsUntil(long)} only.
     */
    public Resolved resolveNow(Market market, String winningToken) {
        if (!winningToken.equals(market.yes()) && !winningToken.equals(market.no())) {
            throw new IllegalArgumentException("not a token of " + market.conditionId());
        }
        if (!listed.remove(market) || listed.isEmpty()) {
            throw new IllegalArgumentException("not an active market, or the last one");
        }
        active = Active.of(listed);
        return new Resolved(market, winningToken);
    }

    /** An exponential gap in ms for a Poisson process of {@code perMinute}; never when 0. */
    private double interval(double perMinute) {
        if (perMinute <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        return -Math.log(1 - events.nextDouble()) * 60_000.0 / perMinute;
    }

    private Market market(int rank) {
        int index = nextIndex++;
        String conditionId = String.format(Locale.ROOT, "0x%064x", 0xfeedL << 32 | index);
        String yes = token(2L * index);
        String no = token(2L * index + 1);
        return new Market(index, conditionId, yes, no, Math.pow(rank, -settings.zipfExponent()));
    }

    /** A 77-digit decimal id, as live token ids are. */
    private static String token(long n) {
        return "9" + String.format(Locale.ROOT, "%076d", n);
    }
}
