package dev.polystream.gateway.catalog;

import dev.polystream.gateway.Periodic;
import dev.polystream.gateway.store.MarketStore;
import dev.polystream.gateway.store.StoreException;
import dev.polystream.gateway.store.TransactionRunner;
import dev.polystream.ws.gamma.GammaClient;
import dev.polystream.ws.gamma.GammaException;
import dev.polystream.ws.gamma.GammaMarket;
import dev.polystream.ws.gamma.GammaPage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code markets} in step with Gamma's catalogue: at start and every {@code
 * gamma.sync-interval}, every page of {@code /markets/keyset} (open markets) is upserted, metadata
 * columns only on known rows. The keyset route lists open markets only, so a market someone holds
 * or watches that stopped appearing is fetched by id to learn that it closed.
 */
public final class MarketSync implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MarketSync.class);

    /** What one pass did. */
    public record Result(int pages, int markets, int changed, int skipped, int rechecked) {}

    private final TransactionRunner transactions;
    private final GammaClient gamma;
    private final MarketCatalog catalog;
    private final Duration interval;
    private final int maxPages;
    private final Periodic timer;
    private final AtomicBoolean failing = new AtomicBoolean();
    private volatile Result lastResult;

    public MarketSync(DataSource dataSource, GammaClient gamma, Duration interval, int maxPages) {
        this.transactions = new TransactionRunner(dataSource);
        this.gamma = gamma;
        this.catalog = new MarketCatalog(dataSource, gamma);
        this.interval = interval;
        this.maxPages = maxPages;
        this.timer = new Periodic("gamma-sync");
    }

    /** Runs a pass now and then every interval (nothing when the interval is zero). */
    public void start() {
        if (interval.isZero()) {
            LOG.info("Gamma market sync disabled (gamma.sync-interval=0)");
            return;
        }
        timer.start(Duration.ZERO, interval, this::runQuietly);
    }

    public Result lastResult() {
        return lastResult;
    }

    /** One full pass; throws when Gamma or PostgreSQL fails midway (pages done stay done). */
    public Result runOnce() {
        Set<String> seen = new HashSet<>();
        int pages = 0;
        int changed = 0;
        int skipped = 0;
        String cursor = null;
        do {
            GammaPage page = gamma.marketsPage(cursor, GammaClient.MAX_PAGE_SIZE);
            pages++;
            skipped += page.skipped();
            List<GammaMarket> usable = new ArrayList<>();
            for (GammaMarket m : page.markets()) {
                if (seen.add(m.id())) {
                    usable.add(m);
                }
            }
            changed += catalog.store(usable);
            cursor = page.nextCursor();
        } while (cursor != null && pages < maxPages);
        if (cursor != null) {
            LOG.warn(
                    "Gamma sync stopped after gamma.max-pages={} pages; the rest waits for the"
                            + " next pass",
                    maxPages);
        }
        int rechecked = 0;
        List<String> wanted =
                transactions.inTransaction("list wanted markets", MarketStore::wantedOpenMarketIds);
        List<GammaMarket> refreshed = new ArrayList<>();
        for (String id : wanted) {
            if (!seen.contains(id)) {
                gamma.market(id).ifPresent(refreshed::add);
                rechecked++;
            }
        }
        changed += catalog.store(refreshed);
        Result result = new Result(pages, seen.size(), changed, skipped, rechecked);
        lastResult = result;
        return result;
    }

    private void runQuietly() {
        try {
            Result r = runOnce();
            if (failing.getAndSet(false)) {
                LOG.info("Gamma market sync recovered");
            }
            LOG.info(
                    "Gamma market sync: {} markets on {} pages, {} rows changed, {} skipped,"
                            + " {} re-checked by id",
                    r.markets(),
                    r.pages(),
                    r.changed(),
                    r.skipped(),
                    r.rechecked());
        } catch (GammaException | StoreException e) {
            if (!failing.getAndSet(true)) {
                LOG.warn(
                        "Gamma market sync failed (retried every {}): {}",
                        interval,
                        e.getMessage());
            } else {
                LOG.debug("Gamma market sync still failing: {}", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        timer.close();
    }
}
