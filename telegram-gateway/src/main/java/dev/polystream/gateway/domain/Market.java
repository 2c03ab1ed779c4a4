package dev.polystream.gateway.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * A row of {@code markets} as the gateway reads it: metadata from Gamma, the outcome prices from
 * the job (or Gamma's, until the job prices a token), and the job's resolution columns.
 *
 * @param outcomes {@code outcomes.get(i)} is the outcome of {@code tokenIds.get(i)}
 * @param outcomePrices may be shorter than outcomes, or empty
 * @param resolvedAt set by the job when the market resolved; null while open
 */
public record Market(
        String id,
        String conditionId,
        String question,
        String slug,
        List<String> outcomes,
        List<String> tokenIds,
        List<BigDecimal> outcomePrices,
        Boolean active,
        Boolean closed,
        Instant endDate,
        BigDecimal tickSize,
        Instant resolvedAt) {

    public Market {
        outcomes = outcomes == null ? List.of() : List.copyOf(outcomes);
        tokenIds = tokenIds == null ? List.of() : List.copyOf(tokenIds);
        outcomePrices = outcomePrices == null ? List.of() : nullSafeCopy(outcomePrices);
    }

    /** Open for trading as far as the gateway knows: not closed, not resolved, not inactive. */
    public boolean isOpen() {
        return !Boolean.TRUE.equals(closed) && !Boolean.FALSE.equals(active) && resolvedAt == null;
    }

    /** The index of the outcome with this label (case-insensitive), or of this 1-based number. */
    public OptionalInt outcomeIndex(String labelOrNumber) {
        if (labelOrNumber == null) {
            return OptionalInt.empty();
        }
        String wanted = labelOrNumber.strip().toLowerCase(Locale.ROOT);
        for (int i = 0; i < outcomes.size() && i < tokenIds.size(); i++) {
            if (outcomes.get(i).toLowerCase(Locale.ROOT).equals(wanted)) {
                return OptionalInt.of(i);
            }
        }
        if (wanted.matches("[1-9]")) {
            int i = Integer.parseInt(wanted) - 1;
            if (i < Math.min(outcomes.size(), tokenIds.size())) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    /** The index of the token in this market, or -1. */
    public int tokenIndex(String tokenId) {
        return tokenIds.indexOf(tokenId);
    }

    public String outcome(int index) {
        return index < outcomes.size() ? outcomes.get(index) : "Outcome " + (index + 1);
    }

    /** Gamma's (or the job's) price of outcome {@code index}; null when unknown. */
    public BigDecimal outcomePrice(int index) {
        return index < outcomePrices.size() ? outcomePrices.get(index) : null;
    }

    public String title() {
        return question == null || question.isBlank() ? "Market " + id : question;
    }

    private static List<BigDecimal> nullSafeCopy(List<BigDecimal> values) {
        return java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
    }
}
