package dev.polystream.ws.config;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Refuses a configuration key under the project's own prefixes that nobody reads, naming the
 * nearest known key (a typo costs one line, not a silently ignored setting). Keys under other
 * prefixes (Flink's {@code execution.*}, {@code metrics.*}, {@code rest.*}, …) pass untouched.
 */
public final class KnownKeys {

    /**
     * First segments the project owns. {@code rest.} is not one: the market client's {@code
     * rest.url} shares it with Flink's web server keys ({@code rest.port}, …).
     */
    public static final List<String> PROJECT_PREFIXES =
            List.of(
                    "alert.",
                    "backfill.",
                    "bot.",
                    "card.",
                    "clob.",
                    "config.",
                    "data-api.",
                    "fills.",
                    "gamma.",
                    "jdbc.",
                    "kafka.",
                    "relay.",
                    "secrets.",
                    "sink.",
                    "source.",
                    "telegram.",
                    "trade.",
                    "universe",
                    "user-channel.",
                    "wallet.",
                    "watch",
                    "watermark.",
                    "ws.");

    private final Set<String> keys;
    private final List<String> wildcardPrefixes;

    private KnownKeys(Collection<String> keys, Collection<String> wildcardPrefixes) {
        this.keys = new TreeSet<>(keys);
        this.wildcardPrefixes = List.copyOf(wildcardPrefixes);
    }

    /**
     * @param keys the exact keys someone reads
     * @param wildcardPrefixes prefixes whose every key is read (e.g. {@code kafka.client.})
     */
    public static KnownKeys of(Collection<String> keys, Collection<String> wildcardPrefixes) {
        return new KnownKeys(keys, wildcardPrefixes);
    }

    /** True when the key is read, or lies outside the project's prefixes. */
    public boolean accepts(String key) {
        return isKnown(key) || !isProjectKey(key);
    }

    /** True when someone reads this key. */
    public boolean isKnown(String key) {
        return keys.contains(key) || wildcardPrefixes.stream().anyMatch(key::startsWith);
    }

    /** True when the key lies under one of {@link #PROJECT_PREFIXES}. */
    public static boolean isProjectKey(String key) {
        return PROJECT_PREFIXES.stream().anyMatch(key::startsWith);
    }

    /**
     * Throws unless {@link #accepts} the key.
     *
     * @param origin where the key was written, e.g. {@code --conf}
     */
    public void check(String key, String origin) {
        if (!accepts(key)) {
            throw new IllegalArgumentException(unknownKeyMessage(key, origin));
        }
    }

    /** One line: the unknown key, where it was written, and the nearest known key if any. */
    public String unknownKeyMessage(String key, String origin) {
        return "Unknown config key '"
                + key
                + "' in "
                + origin
                + nearest(key)
                        .map(k -> "; did you mean '" + k + "'?")
                        .orElse("; no known key is close");
    }

    /** The known key closest to {@code key} (Levenshtein), if it is close enough to be a typo. */
    public Optional<String> nearest(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String lower = key.toLowerCase(Locale.ROOT);
        for (String candidate : keys) {
            int d = distance(lower, candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        int allowed = Math.max(2, key.length() / 3);
        return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** Edit distance: insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
