package dev.polystream.gateway.dataapi;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One decoded page of {@code /v2/positions}.
 *
 * @param rows the readable rows of the wallet, in the API's order (a token may repeat)
 * @param nextCursor {@code pagination.next_cursor}: the cursor of the next page, null on the last
 * @param hasMore {@code pagination.has_more} (false when absent)
 * @param unreadableTokens tokens of rows that had a usable token id but some unusable field
 * @param skipped rows not returned, by reason ({@link Holdings#COMBO}, {@link Holdings#MALFORMED},
 *     {@link Holdings#OTHER_WALLET})
 */
public record PositionsPage(
        List<Holding> rows,
        String nextCursor,
        boolean hasMore,
        Set<String> unreadableTokens,
        Map<String, Integer> skipped) {

    public PositionsPage {
        rows = List.copyOf(rows);
        unreadableTokens = Set.copyOf(unreadableTokens);
        skipped = Map.copyOf(skipped);
    }

    /** How many rows were skipped, all reasons together. */
    public int skippedRows() {
        return skipped.values().stream().mapToInt(Integer::intValue).sum();
    }
}
