package dev.polystream.gateway.wallet;

import dev.polystream.gateway.domain.InvalidInputException;
import dev.polystream.ws.auth.ApiCredentials;
import dev.polystream.ws.auth.ClobCredentials;
import dev.polystream.ws.auth.L2Credentials;
import dev.polystream.ws.auth.ReadOnlyKey;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What {@code /connect} accepts: {@code <apiKey> <secret> <passphrase> <address>} (L2 credentials
 * of the signer {@code address}) or {@code <read-only key> <address>}. Parsed strictly, ASCII only;
 * every refusal says what is expected and never repeats what was sent. Anything that looks like a
 * wallet's private key (64 hex digits, with or without {@code 0x}, outside the passphrase's place)
 * or a seed phrase is refused before anything else, with a warning.
 */
public final class ConnectInput {

    /** An API key or read-only key: a uuid in practice. */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{8,100}");

    /** Standard or url-safe base64, padding optional. */
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9+/_-]{16,200}={0,2}");

    /** Polymarket's passphrases are 64 hex; other printable ASCII without spaces is kept. */
    private static final Pattern PASSPHRASE = Pattern.compile("[!-~]{8,200}");

    private static final Pattern ADDRESS = Pattern.compile("0[xX][0-9a-fA-F]{40}");

    /** 64 hex digits standing alone (not part of a longer hex run) anywhere in a value. */
    private static final Pattern HEX64 =
            Pattern.compile("(?<![0-9a-fA-F])(?:0[xX])?[0-9a-fA-F]{64}(?![0-9a-fA-F])");

    private static final Pattern PREFIXED_HEX64 = Pattern.compile("0[xX][0-9a-fA-F]{64}");
    private static final Pattern WORD = Pattern.compile("[a-z]{3,8}");

    static final String PRIVATE_KEY_WARNING =
            "⛔ That looks like a wallet's private key. Never send it to anyone: this bot never"
                    + " asks for it, and it was not stored nor checked. If it was a real key, move"
                    + " your funds to a new wallet now. /connect takes an API key (with its secret"
                    + " and passphrase) or a read-only API key.";

    static final String SEED_PHRASE_WARNING =
            "⛔ That looks like a seed phrase. Never send it to anyone: this bot never asks for"
                    + " it, and it was not stored. If it was real, move your funds to a new wallet"
                    + " now.";

    static final String USAGE =
            "Send /connect <apiKey> <secret> <passphrase> <address>, or /connect <read-only key>"
                    + " <address>: the address is the one your API key belongs to (0x and 40 hex"
                    + " digits). Send /connect alone for how to create a key.";

    private ConnectInput() {}

    /**
     * The credentials the arguments give.
     *
     * @throws InvalidInputException with a message that contains none of the arguments
     */
    public static ClobCredentials parse(List<String> args) {
        refuseWalletSecrets(args);
        for (String a : args) {
            if (a.length() > 200 || !a.chars().allMatch(ch -> ch > 32 && ch < 127)) {
                throw new InvalidInputException(
                        "Credentials are plain ASCII letters, digits and signs, at most 200"
                                + " characters each; something else was sent. "
                                + USAGE);
            }
        }
        if (args.size() != 2 && args.size() != 4) {
            throw new InvalidInputException(
                    "/connect takes 4 values (key, secret, passphrase, address) or 2 (read-only"
                            + " key, address), not "
                            + args.size()
                            + ". "
                            + USAGE);
        }
        String address = args.get(args.size() - 1);
        if (!ADDRESS.matcher(address).matches()) {
            throw new InvalidInputException(
                    "The last value must be the address your key belongs to: 0x and 40 hex"
                            + " digits. "
                            + USAGE);
        }
        if (!KEY.matcher(args.get(0)).matches()) {
            throw new InvalidInputException(
                    "The API key must be 8 to 100 letters, digits or '-' (a uuid). " + USAGE);
        }
        if (args.size() == 2) {
            return new ReadOnlyKey(args.get(0), address);
        }
        if (!SECRET.matcher(args.get(1)).matches()) {
            throw new InvalidInputException("The secret must be base64 text. " + USAGE);
        }
        if (!PASSPHRASE.matcher(args.get(2)).matches()) {
            throw new InvalidInputException(
                    "The passphrase must be 8 to 200 characters without spaces. " + USAGE);
        }
        try {
            return new L2Credentials(
                    new ApiCredentials(args.get(0), args.get(1), args.get(2)), address);
        } catch (IllegalArgumentException e) {
            // The messages of ws.auth never carry the values.
            throw new InvalidInputException(e.getMessage() + ". " + USAGE);
        }
    }

    /**
     * Refuses a private key (64 hex in any place but the passphrase's, where only the {@code 0x}
     * form is one) or a seed phrase (12 or more short lower-case words).
     */
    public static void refuseWalletSecrets(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            boolean passphrasePlace = args.size() == 4 && i == 2;
            if (passphrasePlace ? PREFIXED_HEX64.matcher(a).matches() : HEX64.matcher(a).find()) {
                throw new InvalidInputException(PRIVATE_KEY_WARNING);
            }
        }
        if (args.size() >= 12
                && args.stream().filter(a -> WORD.matcher(a).matches()).count() >= 12) {
            throw new InvalidInputException(SEED_PHRASE_WARNING);
        }
    }
}
