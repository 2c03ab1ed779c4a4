package dev.polystream.ws.testing;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API keys the fake CLOB knows: full L2 keys (key, secret, passphrase, signer address) and
 * read-only keys (key, address). Thread-safe.
 */
public final class FakeClobAccounts {

    /** One L2 key; {@link #toString()} hides the secret and passphrase. */
    public record L2Account(String apiKey, String secret, String passphrase, String address) {
        @Override
        public String toString() {
            return "L2Account[" + apiKey + ", " + address + "]";
        }
    }

    private final Map<String, L2Account> l2 = new ConcurrentHashMap<>();
    private final Map<String, String> readOnly = new ConcurrentHashMap<>();

    /** Adds (or replaces) an L2 key. */
    public void addL2(String apiKey, String secret, String passphrase, String address) {
        l2.put(
                Objects.requireNonNull(apiKey, "apiKey"),
                new L2Account(
                        apiKey,
                        Objects.requireNonNull(secret, "secret"),
                        Objects.requireNonNull(passphrase, "passphrase"),
                        address.toLowerCase(Locale.ROOT)));
    }

    /** Adds (or replaces) a read-only key of {@code address}. */
    public void addReadOnly(String key, String address) {
        readOnly.put(Objects.requireNonNull(key, "key"), address.toLowerCase(Locale.ROOT));
    }

    /** Revokes a key of either kind. */
    public void remove(String key) {
        l2.remove(key);
        readOnly.remove(key);
    }

    public Optional<L2Account> l2(String apiKey) {
        return apiKey == null ? Optional.empty() : Optional.ofNullable(l2.get(apiKey));
    }

    /** The address of a read-only key. */
    public Optional<String> readOnlyAddress(String key) {
        return key == null ? Optional.empty() : Optional.ofNullable(readOnly.get(key));
    }

    /** Whether the three L2 values belong together (what the user channel checks). */
    public boolean validL2(String apiKey, String secret, String passphrase) {
        return l2(apiKey)
                .map(a -> a.secret().equals(secret) && a.passphrase().equals(passphrase))
                .orElse(false);
    }

    /** The L2 keys of {@code address}. */
    public List<String> l2KeysOf(String address) {
        String a = address.toLowerCase(Locale.ROOT);
        return l2.values().stream()
                .filter(x -> x.address().equals(a))
                .map(L2Account::apiKey)
                .sorted()
                .toList();
    }
}
