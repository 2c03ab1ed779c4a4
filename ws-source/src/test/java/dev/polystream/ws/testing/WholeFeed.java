package dev.polystream.ws.testing;

import static dev.polystream.ws.testing.FakePolymarketServer.levels;

import dev.polystream.ws.testing.WholeFeedModel.Event;
import dev.polystream.ws.testing.WholeFeedModel.Market;
import dev.polystream.ws.testing.WholeFeedModel.NewMarket;
import dev.polystream.ws.testing.WholeFeedModel.Resolved;
import dev.polystream.ws.testing.WholeFeedModel.Settings;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The fake server playing the whole Polymarket feed of a {@link WholeFeedModel}, for benchmarks and
 * the universe tests: lists every market of the model at the server, then sends the model's
 * heavy-tailed {@code price_change} stream (the frames of {@link Firehose}) at the total rate, to
 * whichever connection subscribed each market, and plays the catalogue events: a new market is
 * listed and announced with {@code new_market}, a resolved one gets {@code market_resolved} and
 * stops ticking (both reach clients with custom features only, as live).
 *
 * <p>A frame of a market nobody subscribed is counted as {@link #unheard()} (the exchange moves on
 * without listeners); one that finds its socket backed up as {@link #dropped()}. Frames are sent
 * from the server's event loop, catalogue events from a thread of their own every 50 ms.
 */
public final class WholeFeed implements AutoCloseable {

    private static final long ROUTES_EVERY_NANOS = 200_000_000L;

    private final FakePolymarketServer server;
    private final WholeFeedModel model;
    private final Consumer<Event> onEvent;
    private final double perNano;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong unheard = new AtomicLong();
    private final AtomicLong newMarkets = new AtomicLong();
    private final AtomicLong resolutions = new AtomicLong();
    private final AtomicLong eventFailures = new AtomicLong();
    private final SplittableRandom random;
    private final ScheduledExecutorService catalogue;
    private final long startNanos;
    private final ScheduledFuture<?> task;
    private Map<String, Channel[]> routes = Map.of();
    private long routesAtNanos = Long.MIN_VALUE / 2;
    private int[] bids = new int[0];
    private long draws;

    private WholeFeed(FakePolymarketServer server, WholeFeedModel model, Consumer<Event> onEvent) {
        this.server = server;
        this.model = model;
        this.onEvent = onEvent;
        this.perNano = model.settings().framesPerSecond() / 1e9;
        this.random = new SplittableRandom(model.settings().seed() ^ 0x5eed);
        for (Market m : model.markets()) {
            list(m);
        }
        this.startNanos = System.nanoTime(); // listing many markets takes a while: no burst after
        this.catalogue =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "whole-feed-catalogue");
                            t.setDaemon(true);
                            return t;
                        });
        catalogue.scheduleWithFixedDelay(this::catalogueEvents, 50, 50, TimeUnit.MILLISECONDS);
        this.task = server.eventLoop().scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.MILLISECONDS);
    }

    /** Lists the model's markets at {@code server} and starts the feed. */
    public static WholeFeed start(FakePolymarketServer server, Settings settings) {
        return start(server, settings, e -> {});
    }

    /**
     * Like {@link #start(FakePolymarketServer, Settings)}; {@code onEvent} hears each catalogue
     * event first (on the catalogue thread), e.g. to list a new market at the fake Gamma before
     * {@code new_market} is sent.
     */
    public static WholeFeed start(
            FakePolymarketServer server, Settings settings, Consumer<Event> onEvent) {
        return new WholeFeed(server, new WholeFeedModel(settings), onEvent);
    }

    /** The markets ticking now (listed and not resolved). */
    public List<Market> markets() {
        return model.markets();
    }

    /** Frames written (each carries two entries). */
    public long sent() {
        return sent.get();
    }

    /** Frames not written because a subscribed client's socket was backed up. */
    public long dropped() {
        return dropped.get();
    }

    /** Frames of markets no connection subscribed (not written). */
    public long unheard() {
        return unheard.get();
    }

    /** Markets listed and announced since the start. */
    public long newMarkets() {
        return newMarkets.get();
    }

    /** Markets resolved since the start. */
    public long resolutions() {
        return resolutions.get();
    }

    /** Scheduled catalogue events that could not be played (the server was closing). */
    public long eventFailures() {
        return eventFailures.get();
    }

    private void list(Market m) {
        server.addBinaryMarket(
                m.conditionId(),
                m.yes(),
                m.no(),
                levels("0.49", "100", "0.48", "200"),
                levels("0.51", "100", "0.52", "200"));
    }

    /**
     * Lists a new market now, outside the schedule, as a scheduled one is: {@code onEvent} first,
     * then the fake server, then {@code new_market}. Returns once it was sent.
     */
    public Market listNewMarket() {
        return onCatalogueThread(
                () -> {
                    NewMarket n = model.listNow();
                    play(n);
                    return n.market();
                });
    }

    /** Resolves an active market now ({@code market_resolved}); it stops ticking. */
    public void resolve(Market market, String winningToken) {
        onCatalogueThread(
                () -> {
                    play(model.resolveNow(market, winningToken));
                    return null;
                });
    }

    private <T> T onCatalogueThread(Callable<T> task) {
        try {
            return catalogue.submit(task).get(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("The whole feed's catalogue call failed", e);
        }
    }

    private void catalogueEvents() {
        long elapsedMs = (System.nanoTime() - startNanos) / 1_000_000;
        try {
            for (Event e : model.eventsUntil(elapsedMs)) {
                play(e);
            }
        } catch (RuntimeException closing) {
            eventFailures.incrementAndGet(); // the server is closing; nothing to retry
        }
    }

    private void play(Event e) {
        onEvent.accept(e);
        if (e instanceof NewMarket n) {
            list(n.market());
            server.announceNewMarket(
                    n.market().conditionId(), "Whole feed market " + n.market().index());
            newMarkets.incrementAndGet();
        } else if (e instanceof Resolved r) {
            server.resolveMarket(r.market().conditionId(), r.winningToken());
            resolutions.incrementAndGet();
        }
    }

    private void tick() {
        long now = System.nanoTime();
        if (now - routesAtNanos > ROUTES_EVERY_NANOS) {
            routes = routes(server.listenersOnLoop());
            routesAtNanos = now;
        }
        long due = (long) ((now - startNanos) * perNano) - draws;
        Set<Channel> written = new HashSet<>();
        long ts = System.currentTimeMillis();
        for (long n = 0; n < due; n++) {
            draws++;
            Market m = model.nextTicking();
            Channel[] to = routes.get(m.conditionId());
            if (to == null) {
                unheard.incrementAndGet();
                continue;
            }
            String frame = FirehoseFrames.frame(random, bids(m.index()), m.ids(), m.index(), ts);
            boolean any = false;
            for (Channel c : to) {
                if (c.isWritable()) {
                    c.write(new TextWebSocketFrame(frame));
                    written.add(c);
                    any = true;
                }
            }
            (any ? sent : dropped).incrementAndGet();
        }
        for (Channel c : written) {
            c.flush();
        }
    }

    /** The top slots, grown to hold {@code index} (new markets get a first bid). */
    private int[] bids(int index) {
        if (index >= bids.length) {
            int old = bids.length;
            bids = java.util.Arrays.copyOf(bids, Math.max(index + 1, old * 2));
            for (int i = old; i < bids.length; i++) {
                bids[i] = FirehoseFrames.firstBid(random);
            }
        }
        return bids;
    }

    private static Map<String, Channel[]> routes(List<Listener> listeners) {
        Map<String, List<Channel>> by = new HashMap<>();
        for (Listener l : listeners) {
            for (String[] market : l.markets()) {
                by.computeIfAbsent(market[0], k -> new ArrayList<>(1)).add(l.channel());
            }
        }
        Map<String, Channel[]> routes = new HashMap<>(by.size() * 2);
        by.forEach((k, v) -> routes.put(k, v.toArray(new Channel[0])));
        return routes;
    }

    @Override
    public void close() {
        task.cancel(false);
        catalogue.shutdownNow();
    }
}
