package dev.polystream.ws.gamma;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Gamma's public profile of an address ({@code /public-profile}, §14): which wallet holds the
 * trader's positions. Users paste either their proxy wallet or the signer address behind it; the
 * Data API only answers for the proxy, so every address goes through here first.
 *
 * @param address the address asked about, lower case {@code 0x} + 40 hex
 * @param proxyWallet the proxy wallet (Safe, Magic proxy or deposit wallet) that trades for this
 *     address, lower case {@code 0x} + 40 hex; null when Gamma names none, which means the address
 *     trades for itself
 * @param name the name the trader chose; null when unset
 * @param pseudonym the name Polymarket generated for the trader; null when absent
 */
public record GammaProfile(String address, String proxyWallet, String name, String pseudonym) {

    private static final Pattern ADDRESS = Pattern.compile("0[xX][0-9a-fA-F]{40}");

    public GammaProfile {
        if (!isAddress(address)) {
            throw new IllegalArgumentException(
                    "A profile needs the 0x + 40 hex address it was asked for, got " + address);
        }
        if (proxyWallet != null && !isAddress(proxyWallet)) {
            throw new IllegalArgumentException(
                    "A proxy wallet must be 0x + 40 hex, got " + proxyWallet);
        }
        // One spelling per wallet, so addresses compare and key maps as plain strings.
        address = address.toLowerCase(Locale.ROOT);
        proxyWallet = proxyWallet == null ? null : proxyWallet.toLowerCase(Locale.ROOT);
    }

    /**
     * The wallet whose positions are the trader's: the proxy when there is one, else the address.
     */
    public String wallet() {
        return proxyWallet != null ? proxyWallet : address;
    }

    /**
     * Whether {@code text} is {@code 0x} and exactly 40 hex digits, in any case ({@code 0X} too).
     */
    public static boolean isAddress(String text) {
        return text != null && text.length() == 42 && ADDRESS.matcher(text).matches();
    }
}
