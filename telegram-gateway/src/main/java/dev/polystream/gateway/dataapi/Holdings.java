package dev.polystream.gateway.dataapi;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything one wallet holds according to one complete read of {@code /v2/positions} (every page,
 * or none: a read that could not finish is a {@link DataApiException}, never a partial {@code
 * Holdings}).
 *
 * <p>How a caller uses it: a token in {@link #holdings()} is held with that size; a token in {@link
 * #unreadableTokens()} is held but its row could not be read, so the caller must neither create nor
 * close that position this time; any other token is not held (after the dust floor: the client asks
 * for {@code filter_amount=0}, so even tiny holdings are listed). A token is never in both.
 *
 * @param wallet the wallet asked for, lower case
 * @param holdings one per token (a token listed twice, e.g. on two pages, keeps its last row), in
 *     the API's order (largest current value first)
 * @param unreadableTokens tokens whose row had a usable token id but some unusable field (an
 *     unreadable number, a missing or negative {@code current_size}, …)
 * @param skippedRows how many rows were not turned into holdings: the sum of {@link #skipped()}
 * @param skipped why rows were skipped: {@link #COMBO} (a combo position, {@code condition_id} of
 *     62 hex digits), {@link #MALFORMED} (unusable row; its token, when readable, is in {@link
 *     #unreadableTokens()}), {@link #OTHER_WALLET} ({@code proxy_wallet} is not the wallet asked
 *     for), {@link #DUPLICATE} (an earlier row of a token listed again)
 * @param pages how many pages were read
 * @param fetchedAt when the read began; the API's CDN may serve answers up to about 5 s older
 */
public record Holdings(
        String wallet,
        List<Holding> holdings,
        Set<String> unreadableTokens,
        int skippedRows,
        Map<String, Integer> skipped,
        int pages,
        Instant fetchedAt) {

    /** Skip reason: a combo position (62-hex {@code condition_id}), skipped before any lookup. */
    public static final String COMBO = "combo";

    /** Skip reason: a row that could not be read. */
    public static final String MALFORMED = "malformed";

    /** Skip reason: a row of another wallet than the one asked for. */
    public static final String OTHER_WALLET = "other-wallet";

    /** Skip reason: an earlier row of a token that is listed again (the last row wins). */
    public static final String DUPLICATE = "duplicate";

    public Holdings {
        holdings = List.copyOf(holdings);
        unreadableTokens = Set.copyOf(unreadableTokens);
        skipped = Map.copyOf(skipped);
        int sum = skipped.values().stream().mapToInt(Integer::intValue).sum();
        if (sum != skippedRows) {
            throw new IllegalArgumentException(
                    "skippedRows " + skippedRows + " does not match the breakdown " + skipped);
        }
    }

    /** The holding of a token, or null when the token is not (readably) held. */
    public Holding holding(String tokenId) {
        for (Holding h : holdings) {
            if (h.tokenId().equals(tokenId)) {
                return h;
            }
        }
        return null;
    }

    /**
     * Joins the pages of one read: a token's last row wins (earlier ones count as {@link
     * #DUPLICATE}), and a token unreadable on any page is dropped from the holdings.
     */
    static Holdings of(String wallet, List<PositionsPage> pages, Instant fetchedAt) {
        Map<String, Holding> byToken = new LinkedHashMap<>();
        Set<String> unreadable = new LinkedHashSet<>();
        Map<String, Integer> skipped = new LinkedHashMap<>();
        for (PositionsPage page : pages) {
            for (Holding h : page.rows()) {
                if (byToken.put(h.tokenId(), h) != null) {
                    skipped.merge(DUPLICATE, 1, Integer::sum);
                }
            }
            unreadable.addAll(page.unreadableTokens());
            page.skipped().forEach((reason, n) -> skipped.merge(reason, n, Integer::sum));
        }
        byToken.keySet().removeAll(unreadable);
        int skippedRows = skipped.values().stream().mapToInt(Integer::intValue).sum();
        return new Holdings(
                wallet,
                List.copyOf(byToken.values()),
                unreadable,
                skippedRows,
                skipped,
                pages.size(),
                fetchedAt);
    }
}
