package dev.polystream.gateway.wallet;

import dev.polystream.gateway.domain.InvalidInputException;
import dev.polystream.gateway.domain.WalletAddress;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a trader may give /link: a bare {@code 0x…} address (their proxy wallet, or the signer
 * address they log in with), or their profile link {@code https://polymarket.com/profile/0x…}. The
 * input is parsed strictly and only the address it names ever leaves the process: a link to any
 * other host, a profile name ({@code polymarket.com/@name}), or anything else is refused with a
 * message that says what to paste instead.
 */
public final class WalletInput {

    /** Longest input read; a profile link is about 70 characters. */
    static final int MAX_LENGTH = 200;

    private static final Pattern ADDRESS = Pattern.compile("0[xX][0-9a-fA-F]{40}");

    /** polymarket.com/profile/0x…, optionally with a scheme, www., a trailing slash, ?… or #…. */
    private static final Pattern PROFILE =
            Pattern.compile(
                    "(?:https?://)?(?:www\\.)?polymarket\\.com/profile/(0[xX][0-9a-fA-F]{40})/?"
                            + "(?:[?#][^\\s]*)?",
                    Pattern.CASE_INSENSITIVE);

    private static final Pattern NAMED_PROFILE =
            Pattern.compile(
                    "(?:https?://)?(?:www\\.)?polymarket\\.com/@[^\\s/]{1,100}/?(?:[?#]\\S*)?",
                    Pattern.CASE_INSENSITIVE);

    /**
     * Polymarket's own contracts on Polygon (exchanges, conditional tokens, adapters, collateral):
     * they hold everyone's tokens, not a trader's, and the Data API refuses them too.
     */
    static final Set<String> PROTOCOL_CONTRACTS =
            Set.of(
                    "0x0000000000000000000000000000000000000000",
                    "0x4bfb41d5b3570defd03c39a9a4d8de6bd8b8982e", // CTF Exchange
                    "0xc5d563a36ae78145c45a50134d48a1215220f80a", // NegRisk CTF Exchange
                    "0xd91e80cf2e7be2e162c6513ced06f1dd0da35296", // NegRisk Adapter
                    "0x4d97dcd97ec945f40cf65f87097ace5ea0476045", // Conditional Tokens
                    "0x2791bca1f2de4661ed88a30c99a7a9449aa84174", // USDC.e
                    "0xe111180000d2663c0091e4f400237545b87b996b", // CTF Exchange (CLOB V2)
                    "0xe2222d279d744050d28e00520010520000310f59", // NegRisk Exchange (CLOB V2)
                    "0xe3333700ca9d93003f00f0f71f8515005f6c00aa"); // Exchange, domain v3

    private WalletInput() {}

    /**
     * The address the input names, lower case.
     *
     * @throws InvalidInputException with what to paste instead
     */
    public static WalletAddress parse(String input) {
        String text = input == null ? "" : input.strip();
        if (text.isEmpty()) {
            throw new InvalidInputException(
                    "Give your Polymarket wallet: /link 0x… (your address) or /link"
                            + " https://polymarket.com/profile/0x… (your profile link).");
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidInputException(
                    "That is too long for a wallet address or profile link (at most "
                            + MAX_LENGTH
                            + " characters).");
        }
        String address;
        Matcher profile = PROFILE.matcher(text);
        if (ADDRESS.matcher(text).matches()) {
            address = text;
        } else if (profile.matches()) {
            address = profile.group(1);
        } else if (NAMED_PROFILE.matcher(text).matches()) {
            throw new InvalidInputException(
                    "Profile names can't be looked up. Open your profile on polymarket.com, copy"
                            + " the 0x… address from it (or the link ending in /profile/0x…) and"
                            + " send /link with that.");
        } else if (text.contains("/") || text.contains(".")) {
            throw new InvalidInputException(
                    "Only polymarket.com profile links are accepted, like"
                            + " https://polymarket.com/profile/0x… — or paste the 0x… address.");
        } else {
            throw new InvalidInputException(
                    "A wallet address is 0x followed by 40 hex digits (0-9, a-f).");
        }
        WalletAddress wallet = WalletAddress.of(address.toLowerCase(Locale.ROOT));
        requireNotContract(wallet);
        return wallet;
    }

    /** Refuses Polymarket's own contracts. */
    public static void requireNotContract(WalletAddress wallet) {
        if (PROTOCOL_CONTRACTS.contains(wallet.value())) {
            throw new InvalidInputException(
                    wallet.shortForm()
                            + " is one of Polymarket's contracts, not a trader's wallet. Paste the"
                            + " address shown on your profile.");
        }
    }
}
