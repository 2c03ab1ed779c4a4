package dev.polystream.gateway.domain;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A Polymarket wallet address: {@code 0x} and 40 hex digits, kept in lower case (the form the Data
 * API and the {@code wallets} table use). Constructing one is the check: anything else never
 * reaches an API or the database.
 */
public record WalletAddress(String value) {

    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");

    public WalletAddress {
        if (value == null || !ADDRESS.matcher(value).matches()) {
            throw new InvalidInputException(
                    "A wallet address is 0x followed by 40 hex digits, got '"
                            + shortenInput(value)
                            + "'.");
        }
    }

    /** Parses an address in any letter case. */
    public static WalletAddress of(String text) {
        return new WalletAddress(text == null ? null : text.strip().toLowerCase(Locale.ROOT));
    }

    public static boolean isAddress(String text) {
        return text != null && ADDRESS.matcher(text.strip().toLowerCase(Locale.ROOT)).matches();
    }

    /** "0x379a…4b1a", for cards and messages. */
    public String shortForm() {
        return shorten(value);
    }

    /** The short form of a stored address; the text itself when it is not an address. */
    public static String shorten(String address) {
        if (address == null || address.length() != 42) {
            return String.valueOf(address);
        }
        return address.substring(0, 6) + "…" + address.substring(38);
    }

    @Override
    public String toString() {
        return value;
    }

    private static String shortenInput(String text) {
        if (text == null) {
            return "";
        }
        return text.length() > 50 ? text.substring(0, 50) + "…" : text;
    }
}
