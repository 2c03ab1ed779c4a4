package dev.polystream.gateway.domain;

import java.math.BigDecimal;

/** The input rules shared by the services, each failing with a message a trader can act on. */
public final class Inputs {

    /** Shares and USDC both have 6 decimals on Polymarket. */
    public static final int MAX_AMOUNT_SCALE = 6;

    public static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000");
    public static final int MAX_ID_LENGTH = 128;

    private Inputs() {}

    public static long userId(long userId) {
        if (userId <= 0) {
            throw new InvalidInputException(
                    "User id must be a positive Telegram user id, got " + userId + ".");
        }
        return userId;
    }

    /** A non-blank identifier without whitespace (market id, token id), returned as given. */
    public static String id(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(capitalise(what) + " is missing.");
        }
        if (value.length() > MAX_ID_LENGTH) {
            throw new InvalidInputException(
                    capitalise(what)
                            + " is too long ("
                            + value.length()
                            + " characters, at most "
                            + MAX_ID_LENGTH
                            + ").");
        }
        if (value.chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidInputException(
                    capitalise(what) + " must not contain spaces, got '" + value + "'.");
        }
        return value;
    }

    /** A non-blank label (the outcome, e.g. "Yes"), trimmed. */
    public static String label(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(capitalise(what) + " is missing.");
        }
        String trimmed = value.strip();
        if (trimmed.length() > MAX_ID_LENGTH) {
            throw new InvalidInputException(
                    capitalise(what) + " is too long (at most " + MAX_ID_LENGTH + " characters).");
        }
        return trimmed;
    }

    public static BigDecimal amount(BigDecimal amount) {
        if (amount == null) {
            throw new InvalidInputException("Amount (number of shares) is missing.");
        }
        if (amount.signum() <= 0) {
            throw new InvalidInputException(
                    "Amount must be a positive number of shares, got "
                            + amount.toPlainString()
                            + ".");
        }
        if (amount.compareTo(MAX_AMOUNT) > 0) {
            throw new InvalidInputException(
                    "Amount must be at most "
                            + MAX_AMOUNT.toPlainString()
                            + " shares, got "
                            + amount.toPlainString()
                            + ".");
        }
        BigDecimal normalised = amount.stripTrailingZeros();
        if (normalised.scale() > MAX_AMOUNT_SCALE) {
            throw new InvalidInputException(
                    "Amount can have at most "
                            + MAX_AMOUNT_SCALE
                            + " decimal places, got "
                            + amount.toPlainString()
                            + ".");
        }
        return normalised.scale() < 0 ? normalised.setScale(0) : normalised;
    }

    /** An entry price is a probability strictly between 0 and 1: nobody buys at 0 or at 1. */
    public static BigDecimal entryPrice(BigDecimal price) {
        if (price == null) {
            throw new InvalidInputException("Entry price is missing.");
        }
        if (price.signum() <= 0 || price.compareTo(BigDecimal.ONE) >= 0) {
            throw new InvalidInputException(
                    "Entry price must be between 0 and 1 (exclusive), e.g. 0.42 for 42¢; got "
                            + price.toPlainString()
                            + ".");
        }
        return price;
    }

    /** An exit price may be 0 or 1 (selling after the market has all but resolved). */
    public static BigDecimal exitPrice(BigDecimal price) {
        if (price == null) {
            throw new InvalidInputException("Exit price is missing.");
        }
        if (price.signum() < 0 || price.compareTo(BigDecimal.ONE) > 0) {
            throw new InvalidInputException(
                    "Exit price must be between 0 and 1, e.g. 0.42 for 42¢; got "
                            + price.toPlainString()
                            + ".");
        }
        return price;
    }

    public static final BigDecimal MIN_USDC = new BigDecimal("1");
    public static final BigDecimal MAX_USDC = new BigDecimal("100000");

    /** A USDC amount to spend: at least $1, at most $100,000, cents at most. */
    public static BigDecimal usdc(BigDecimal usdc) {
        if (usdc == null) {
            throw new InvalidInputException("Amount in USDC is missing, e.g. 25 for $25.");
        }
        if (usdc.compareTo(MIN_USDC) < 0 || usdc.compareTo(MAX_USDC) > 0) {
            throw new InvalidInputException(
                    "Amount must be between $1 and $100,000, got $" + usdc.toPlainString() + ".");
        }
        if (usdc.stripTrailingZeros().scale() > 2) {
            throw new InvalidInputException(
                    "Amount can have at most 2 decimal places (cents), got "
                            + usdc.toPlainString()
                            + ".");
        }
        return usdc.setScale(2);
    }

    /** A percentage of a position to sell: more than 0, at most 100, 2 decimals at most. */
    public static BigDecimal percent(BigDecimal percent) {
        if (percent == null) {
            throw new InvalidInputException("Percentage is missing, e.g. 50 for half.");
        }
        if (percent.signum() <= 0 || percent.compareTo(new BigDecimal("100")) > 0) {
            throw new InvalidInputException(
                    "Percentage must be more than 0 and at most 100, got "
                            + percent.toPlainString()
                            + ".");
        }
        if (percent.stripTrailingZeros().scale() > 2) {
            throw new InvalidInputException(
                    "Percentage can have at most 2 decimal places, got "
                            + percent.toPlainString()
                            + ".");
        }
        return percent;
    }

    private static String capitalise(String what) {
        return Character.toUpperCase(what.charAt(0)) + what.substring(1);
    }
}
