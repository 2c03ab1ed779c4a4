package dev.polystream.gateway.credentials;

import dev.polystream.ws.auth.ApiCredentials;
import dev.polystream.ws.auth.ClobCredentials;
import dev.polystream.ws.auth.L2Credentials;
import java.util.Objects;

/**
 * A trader's opened credentials for one linked wallet: whose they are, where to tell them, and what
 * authenticates their requests. {@link #toString()} shows the key hint only.
 *
 * @param wallet the linked proxy wallet whose fills these are, lower case
 * @param keyHint the API key's last four characters (not secret)
 * @param credentials L2 credentials or a read-only key, for the signer {@code
 *     credentials.address()}
 */
public record StoredCredentials(
        long userId, long chatId, String wallet, String keyHint, ClobCredentials credentials) {

    public StoredCredentials {
        Objects.requireNonNull(wallet, "wallet");
        Objects.requireNonNull(credentials, "credentials");
    }

    /** The L2 credentials for the user channel; null for a read-only key (REST only). */
    public ApiCredentials l2() {
        return credentials instanceof L2Credentials l2 ? l2.credentials() : null;
    }

    /** {@code l2} or {@code read_only}, as stored. */
    public String kind() {
        return credentials instanceof L2Credentials ? "l2" : "read_only";
    }

    @Override
    public String toString() {
        return "StoredCredentials[user "
                + userId
                + ", wallet "
                + wallet
                + ", "
                + kind()
                + " key "
                + keyHint
                + "]";
    }
}
