package dev.polystream.gateway.domain;

import java.math.BigDecimal;

/**
 * A validated request to open a position: constructing one checks every field, so a command can
 * parse the trader's words into a {@code NewPosition} and report a bad argument before touching the
 * database.
 *
 * @param userId the Telegram user id; the user is registered on first use
 * @param marketId the Polymarket (Gamma) market id
 * @param tokenId the CLOB token id of the outcome held
 * @param outcome the outcome's label, e.g. "Yes"
 * @param amount shares, positive, at most 6 decimal places
 * @param entryPrice price paid per share, strictly between 0 and 1
 * @throws InvalidInputException when a field breaks a rule; the message says which and why
 */
public record NewPosition(
        long userId,
        String marketId,
        String tokenId,
        String outcome,
        BigDecimal amount,
        BigDecimal entryPrice) {

    public NewPosition {
        userId = Inputs.userId(userId);
        marketId = Inputs.id("market id", marketId);
        tokenId = Inputs.id("token id", tokenId);
        outcome = Inputs.label("outcome", outcome);
        amount = Inputs.amount(amount);
        entryPrice = Inputs.entryPrice(entryPrice);
    }
}
