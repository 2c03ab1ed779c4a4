package dev.polystream.gateway.wallet;

import dev.polystream.gateway.catalog.MarketCatalog;
import dev.polystream.gateway.dataapi.DataApiClient;
import dev.polystream.gateway.dataapi.DataApiException;
import dev.polystream.gateway.dataapi.Holding;
import dev.polystream.gateway.dataapi.Holdings;
import dev.polystream.gateway.domain.HoldingState;
import dev.polystream.gateway.domain.Market;
import dev.polystream.gateway.domain.PositionStatus;
import dev.polystream.gateway.domain.WalletAddress;
import dev.polystream.gateway.domain.WalletSyncStatus;
import dev.polystream.gateway.store.MarketStore;
import dev.polystream.gateway.store.StoreException;
import dev.polystream.gateway.store.TokenPriceStore;
import dev.polystream.gateway.store.TransactionRunner;
import dev.polystream.gateway.store.WalletPositionStore;
import dev.polystream.gateway.wallet.HoldingsDiff.Observed;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync of one wallet: its complete holdings from the Data API ({@code /v2/positions}, every
 * page), the markets they are in (the local catalogue, else Gamma by the market's slug), the
 * changes written by {@link HoldingsWriter}, and the reconciliation of our marked value with
 * Polymarket's. A failure anywhere leaves the stored holdings as they were.
 */
public final class WalletSync {

    private static final Logger LOG = LoggerFactory.getLogger(WalletSync.class);

    private static final Pattern CONDITION = Pattern.compile("0x[0-9a-f]{64}");

    /** Gamma lookups of unknown markets per sync; the rest wait for the next one. */
    static final int MAX_MARKET_LOOKUPS = 10;

    /** How long a market Gamma could not find is not asked for again. */
    static final Duration LOOKUP_RETRY = Duration.ofMinutes(10);

    /** How long to wait before reading an answer of "no holdings at all" again. */
    static final Duration CONFIRM_EMPTY_AFTER = Duration.ofSeconds(6);

    /**
     * What one sync did.
     *
     * @param unconfirmedEmpty the Data API said the wallet holds nothing while positions are
     *     stored: nothing was written, and the next sync must confirm it (see {@link #sync})
     */
    public record Outcome(
            HoldingsWriter.Result written, WalletSyncStatus status, boolean unconfirmedEmpty) {}

    private final TransactionRunner transactions;
    private final DataApiClient dataApi;
    private final HoldingsWriter writer;
    private final MarketCatalog catalog;
    private final Clock clock;
    private final Map<String, Instant> failedLookups = new ConcurrentHashMap<>();

    /**
     * @param catalog finds markets the local catalogue lacks (through Gamma); null for none
     */
    public WalletSync(
            DataSource dataSource,
            DataApiClient dataApi,
            HoldingsWriter writer,
            MarketCatalog catalog,
            Clock clock) {
        this.transactions = new TransactionRunner(dataSource);
        this.dataApi = dataApi;
        this.writer = writer;
        this.catalog = catalog;
        this.clock = clock;
    }

    /**
     * Syncs the wallet. An answer of no holdings at all for a wallet with active positions is only
     * written when {@code confirmingEmpty} (a second read, at least {@link #CONFIRM_EMPTY_AFTER}
     * later, past the Data API's 5 s cache, said the same).
     *
     * @throws dev.polystream.gateway.dataapi.DataApiException when the Data API fails (nothing
     *     written)
     * @throws dev.polystream.gateway.store.StoreException when the database fails (rolled back)
     */
    public Outcome sync(WalletAddress wallet, boolean confirmingEmpty) {
        Holdings holdings = dataApi.positions(wallet.value());
        if (!confirmingEmpty
                && holdings.holdings().isEmpty()
                && holdings.unreadableTokens().isEmpty()
                && holdsSomething(wallet)) {
            // "Nothing at all" for a wallet that held positions a moment ago is what a glitch
            // (data: null) looks like too. Closing everything would drop its alerts and give its
            // positions new ids when they come back, so the answer is read again first.
            return new Outcome(HoldingsWriter.Result.NONE, null, true);
        }
        Map<String, String> markets = marketIds(holdings.holdings());
        Map<String, Observed> observed = new LinkedHashMap<>();
        for (Holding h : holdings.holdings()) {
            observed.put(h.tokenId(), observe(h, markets.get(h.conditionId())));
        }
        HoldingsWriter.Result written = writer.write(wallet, observed, holdings.unreadableTokens());
        if (!written.gone().isEmpty()) {
            recordFinalRealized(wallet, written.gone());
        }
        return new Outcome(written, reconcile(holdings), false);
    }

    /**
     * Holdings sold out between two reads left the open list with the realized P&L of their last
     * read; the closed list has the final one. Best effort: the positions are already closed, and a
     * failure here only leaves that figure as last read.
     */
    private void recordFinalRealized(WalletAddress wallet, List<HoldingState> gone) {
        List<String> conditions =
                gone.stream()
                        .map(HoldingState::conditionId)
                        .filter(c -> c != null && CONDITION.matcher(c).matches())
                        .distinct()
                        .toList();
        Set<String> tokens = new HashSet<>();
        gone.forEach(h -> tokens.add(h.tokenId()));
        Map<String, BigDecimal> realized = new HashMap<>();
        try {
            for (int from = 0; from < conditions.size(); from += DataApiClient.MAX_CONDITIONS) {
                List<String> batch =
                        conditions.subList(
                                from,
                                Math.min(conditions.size(), from + DataApiClient.MAX_CONDITIONS));
                for (Holding h : dataApi.closedPositions(wallet.value(), batch).holdings()) {
                    if (tokens.contains(h.tokenId()) && h.realizedPnl() != null) {
                        realized.put(h.tokenId(), h.realizedPnl());
                    }
                }
            }
            writer.recordFinalRealized(wallet, realized);
        } catch (DataApiException | StoreException e) {
            LOG.info(
                    "Wallet {}: the final realized P&L of {} closed position(s) was not read: {}",
                    wallet,
                    gone.size(),
                    e.getMessage());
        }
    }

    private boolean holdsSomething(WalletAddress wallet) {
        return transactions
                .inTransaction(
                        "read a wallet's positions",
                        c -> WalletPositionStore.open(c, wallet, false))
                .stream()
                .anyMatch(p -> p.status() == PositionStatus.ACTIVE);
    }

    static Observed observe(Holding h, String marketId) {
        return new Observed(
                new HoldingState(
                        h.tokenId(),
                        h.conditionId(),
                        marketId,
                        outcome(h),
                        h.size(),
                        h.avgPrice(),
                        h.costBasis(),
                        h.realizedPnl(),
                        h.redeemable(),
                        h.mergeable()),
                h.currentPrice(),
                h.firstEntryAt());
    }

    /** The outcome's label; Polymarket leaves some unlabelled ({@code outcome_index} 999). */
    static String outcome(Holding h) {
        if (h.outcome() != null && !h.outcome().isBlank()) {
            return h.outcome().strip();
        }
        return h.unlabelable() || h.outcomeIndex() == null
                ? "Outcome ?"
                : "Outcome #" + (h.outcomeIndex() + 1);
    }

    /**
     * The Gamma ids of the holdings' markets: the catalogue first, Gamma by slug for a few unknown
     * ones per sync (a market Gamma lacks is not asked for again for a while).
     */
    private Map<String, String> marketIds(List<Holding> holdings) {
        Set<String> conditions = new HashSet<>();
        holdings.forEach(h -> conditions.add(h.conditionId()));
        Map<String, String> ids =
                new HashMap<>(
                        transactions.inTransaction(
                                "read markets", c -> MarketStore.idsByCondition(c, conditions)));
        if (catalog == null) {
            return ids;
        }
        Instant now = clock.instant();
        int lookups = 0;
        for (Holding h : holdings) {
            if (ids.containsKey(h.conditionId()) || h.slug() == null) {
                continue;
            }
            Instant retryAt = failedLookups.get(h.slug());
            if ((retryAt != null && now.isBefore(retryAt)) || lookups >= MAX_MARKET_LOOKUPS) {
                continue;
            }
            lookups++;
            Optional<Market> market = catalog.bySlug(h.slug());
            if (market.isPresent()
                    && h.conditionId().equalsIgnoreCase(market.get().conditionId())) {
                ids.put(h.conditionId(), market.get().id());
                failedLookups.remove(h.slug());
            } else {
                failedLookups.put(h.slug(), now.plus(LOOKUP_RETRY));
            }
        }
        return ids;
    }

    /** Our value of the holdings we price, next to Polymarket's of the same ones. */
    private WalletSyncStatus reconcile(Holdings holdings) {
        List<String> tokens = new ArrayList<>();
        List<BigDecimal> sizes = new ArrayList<>();
        List<BigDecimal> values = new ArrayList<>();
        BigDecimal polymarket = BigDecimal.ZERO;
        int held = 0;
        for (Holding h : holdings.holdings()) {
            if (h.size().signum() <= 0 || h.redeemable()) {
                continue;
            }
            held++;
            tokens.add(h.tokenId());
            sizes.add(h.size());
            values.add(h.currentValue());
            if (h.currentValue() != null) {
                polymarket = polymarket.add(h.currentValue());
            }
        }
        TokenPriceStore.MarkedValue marked =
                tokens.isEmpty()
                        ? new TokenPriceStore.MarkedValue(0, null, null)
                        : transactions.inTransaction(
                                "mark holdings",
                                c -> TokenPriceStore.markedValue(c, tokens, sizes, values));
        int untracked =
                holdings.skippedRows() - holdings.skipped().getOrDefault(Holdings.DUPLICATE, 0);
        return new WalletSyncStatus(
                holdings.fetchedAt(),
                null,
                null,
                polymarket,
                held,
                marked.compared(),
                marked.polymarket(),
                marked.ours(),
                untracked);
    }
}
