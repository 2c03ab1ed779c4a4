package dev.polystream.ws.gamma;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A market from Polymarket's Gamma catalogue (§5.2), with the list fields decoded.
 *
 * @param id Gamma market id (a numeric string)
 * @param conditionId {@code 0x…} condition id, the market channel's {@code market}; may be null
 * @param outcomes outcome labels; {@code outcomes.get(i)} is the outcome of {@code tokenIds.get(i)}
 * @param tokenIds CLOB token ids (decimal strings); empty when Gamma gives none
 * @param outcomePrices Gamma's displayed prices, one per outcome; empty when absent
 * @param endDate scheduled end; null when absent or unreadable
 * @param tickSize {@code orderPriceMinTickSize}; null when absent
 * @param eventSlug the slug of the first parent event; null when absent
 */
public record GammaMarket(
        String id,
        String conditionId,
        String question,
        String slug,
        List<String> outcomes,
        List<String> tokenIds,
        List<BigDecimal> outcomePrices,
        boolean active,
        boolean closed,
        boolean acceptingOrders,
        Instant endDate,
        BigDecimal tickSize,
        String eventSlug) {

    public GammaMarket {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("A Gamma market needs an id");
        }
        outcomes = List.copyOf(outcomes);
        tokenIds = List.copyOf(tokenIds);
        outcomePrices = List.copyOf(outcomePrices);
    }

    /** Whether the market can be traded: active, not closed, and with one token per outcome. */
    public boolean isTradable() {
        return active && !closed && !tokenIds.isEmpty() && tokenIds.size() == outcomes.size();
    }
}
