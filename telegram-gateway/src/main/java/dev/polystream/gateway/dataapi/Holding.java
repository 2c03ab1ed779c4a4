package dev.polystream.gateway.dataapi;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One row of Data API {@code GET /v2/positions} (protocol §15.1): what one wallet holds of one
 * outcome token, as Polymarket books it. Every number is the exact decimal the API wrote; a number
 * the API left out (or sent as {@code null}) is {@code null} here, never zero.
 *
 * <p>Two traps of the API are worth repeating: {@code total_size} is the amount bought over the
 * position's life, not what is held (that is {@link #size()}), and {@code avg_price × size} is not
 * the cost basis (that is {@link #costBasis()}). To match Polymarket's P&L, mark a holding as
 * {@code size × live price − costBasis}.
 *
 * @param wallet {@code proxy_wallet}, lower case: the proxy (or deposit) wallet the row belongs to
 * @param tokenId {@code token_id}: the CLOB asset id (the market channel's {@code asset_id}), 1 to
 *     100 decimal digits
 * @param conditionId {@code condition_id}, lower case {@code 0x} and 64 hex digits
 * @param size {@code current_size}: shares held now (rounded by the API to 4 decimals), never
 *     negative. Not {@code total_size}, which is the lifetime amount bought
 * @param avgPrice {@code avg_price}: the average entry price per share, null when unknown. {@code
 *     avgPrice × size} is not the cost basis (fees and rounding differ); use {@link #costBasis()}
 * @param costBasis {@code entry_cost_usdc}: what the shares held cost, without fees (the API's
 *     {@code entry_fees_usdc} is disclosure only); null when unknown
 * @param realizedPnl {@code realized_pnl} in USDC, null when unknown
 * @param currentPrice {@code current_price}: the API's mark (may be minutes old; the job's live
 *     price is better), null when unknown
 * @param currentValue {@code current_value} = {@code size × currentPrice} as the API computed it,
 *     null when unknown
 * @param unrealizedPnl {@code unrealized_pnl} = {@code currentValue − costBasis}, null when unknown
 * @param percentPnl {@code percent_pnl} = {@code unrealizedPnl / costBasis × 100}, null when
 *     unknown. Not {@code percent_realized_pnl}, a compatibility field that is not realized/basis
 * @param redeemable the market resolved and the wallet still holds the token: winners <b>and
 *     losers</b> (a loser is worth 0); false when missing
 * @param mergeable the wallet also holds the opposite outcome (a YES+NO pair can be merged back to
 *     USDC); false when missing
 * @param negativeRisk the market is part of a negative-risk event; false when missing
 * @param outcome {@code outcome} label ("Yes", "No", a team…); may be null or blank
 * @param outcomeIndex {@code outcome_index}; null when missing. 999 means Polymarket could not
 *     label the outcome: it is kept as 999, not treated as an error
 * @param oppositeTokenId {@code opposite_token_id}, null when missing or blank
 * @param title the market question, null when missing
 * @param slug the market slug, null when missing or blank
 * @param eventSlug the event slug, null when missing or blank (it is blank on some live rows)
 * @param firstEntryAt {@code first_entry_at} (epoch seconds); null when missing or 0 (unknown)
 */
public record Holding(
        String wallet,
        String tokenId,
        String conditionId,
        BigDecimal size,
        BigDecimal avgPrice,
        BigDecimal costBasis,
        BigDecimal realizedPnl,
        BigDecimal currentPrice,
        BigDecimal currentValue,
        BigDecimal unrealizedPnl,
        BigDecimal percentPnl,
        boolean redeemable,
        boolean mergeable,
        boolean negativeRisk,
        String outcome,
        Integer outcomeIndex,
        String oppositeTokenId,
        String title,
        String slug,
        String eventSlug,
        Instant firstEntryAt) {

    /** The {@code outcome_index} Polymarket writes when it cannot label an outcome. */
    public static final int UNLABELABLE_OUTCOME = 999;

    public Holding {
        if (wallet == null || tokenId == null || conditionId == null || size == null) {
            throw new IllegalArgumentException(
                    "A holding needs a wallet, a token id, a condition id and a size");
        }
        if (size.signum() < 0) {
            throw new IllegalArgumentException("A holding's size cannot be negative: " + size);
        }
    }

    /** True when Polymarket could not label the outcome ({@code outcome_index} 999). */
    public boolean unlabelable() {
        return outcomeIndex != null && outcomeIndex == UNLABELABLE_OUTCOME;
    }
}
