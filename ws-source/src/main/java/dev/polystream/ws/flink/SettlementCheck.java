package dev.polystream.ws.flink;

import dev.polystream.ws.PriceSource;
import dev.polystream.ws.PriceTick;
import dev.polystream.ws.TickKind;
import dev.polystream.ws.gamma.GammaClient;
import dev.polystream.ws.gamma.GammaException;
import dev.polystream.ws.gamma.GammaMarket;
import dev.polystream.ws.resilience.OutageLog;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks Gamma which of the source's markets closed, because {@code market_resolved} is unreliable on
 * the live feed. A closed market whose outcome prices are final (one 1, the rest 0) yields {@link
 * TickKind#RESOLVED} ticks for the asked tokens, the same as the feed event would. The HTTP calls
 * run on this class's own thread, never on the task thread; a Gamma outage is logged once ({@link
 * OutageLog}) and the next check tries again.
 */
final class SettlementCheck implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SettlementCheck.class);

    private final GammaClient gamma;
    private final Consumer<List<PriceTick>> deliver;
    private final ExecutorService executor;
    private final AtomicBoolean running = new AtomicBoolean();
    private final OutageLog outage;

    SettlementCheck(URI gammaUrl, Consumer<List<PriceTick>> deliver) {
        this.gamma = new GammaClient(gammaUrl, Duration.ofSeconds(20));
        this.deliver = deliver;
        this.outage =
                new OutageLog(LOG, "Settlement check: Gamma at " + gammaUrl + " (closed markets)");
        this.executor =
                Executors.newSingleThreadExecutor(
                        r -> {
                            Thread t = new Thread(r, "polymarket-settlement-check");
                            t.setDaemon(true);
                            return t;
                        });
    }

    /** Starts a check of {@code tokens} unless one is still running. */
    void check(Collection<String> tokens) {
        if (tokens.isEmpty() || !running.compareAndSet(false, true)) {
            return;
        }
        List<String> asked = List.copyOf(tokens);
        try {
            executor.execute(
                    () -> {
                        try {
                            run(asked);
                        } finally {
                            running.set(false);
                        }
                    });
        } catch (RejectedExecutionException e) {
            running.set(false);
        }
    }

    private void run(List<String> asked) {
        Set<String> askedSet = Set.copyOf(asked);
        List<PriceTick> ticks = new ArrayList<>();
        try {
            for (int i = 0; i < asked.size(); i += GammaClient.MAX_PAGE_SIZE) {
                List<String> chunk =
                        asked.subList(i, Math.min(asked.size(), i + GammaClient.MAX_PAGE_SIZE));
                for (GammaMarket market : gamma.closedMarketsOf(chunk)) {
                    ticks.addAll(settlement(market, askedSet, System.currentTimeMillis()));
                }
            }
            outage.answered();
        } catch (GammaException | IllegalArgumentException e) {
            outage.failure(e.getMessage() + "; trying again at the next check");
        }
        if (!ticks.isEmpty()) {
            LOG.info("Gamma reports {} streamed token(s) settled", ticks.size());
            deliver.accept(ticks);
        }
    }

    /** The settlement of a closed market, for the tokens asked about; empty when not final. */
    static List<PriceTick> settlement(GammaMarket market, Set<String> asked, long nowMs) {
        List<String> tokens = market.tokenIds();
        List<BigDecimal> prices = market.outcomePrices();
        if (!market.closed()
                || tokens == null
                || prices == null
                || tokens.size() != prices.size()
                || prices.stream().filter(p -> p.compareTo(BigDecimal.ONE) == 0).count() != 1
                || prices.stream()
                        .anyMatch(p -> p.signum() != 0 && p.compareTo(BigDecimal.ONE) != 0)) {
            return List.of();
        }
        List<PriceTick> ticks = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (asked.contains(tokens.get(i))) {
                BigDecimal price = prices.get(i).signum() == 0 ? BigDecimal.ZERO : BigDecimal.ONE;
                ticks.add(
                        new PriceTick(
                                tokens.get(i),
                                market.conditionId(),
                                nowMs,
                                nowMs,
                                price,
                                null,
                                null,
                                null,
                                BigDecimal.ZERO,
                                TickKind.RESOLVED,
                                PriceSource.GAMMA));
            }
        }
        return ticks;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
