package dev.polystream.ws.book;

import java.util.Objects;
import java.util.function.Function;

/**
 * The settings of a {@link MarketFeedProcessor}: how far it verifies book hashes and when a
 * drifting book asks for a fresh snapshot.
 *
 * @param hashCheck how far to verify hashes
 * @param hashParams per token; may return null for unknown tokens, in which case the usual values
 *     (min order size 5 or 1, neg risk false or true) are tried until one verifies
 * @param resyncAfterMismatches ask for a fresh snapshot of a token after this many mismatches in a
 *     row (a burst of messages with one timestamp counts once); 0 never asks
 * @param resyncCooldownMs at most one resync per token per this many ms
 */
public record Options(
        HashCheck hashCheck,
        Function<String, BookHashParams> hashParams,
        int resyncAfterMismatches,
        long resyncCooldownMs) {

    public Options {
        Objects.requireNonNull(hashCheck, "hashCheck");
        Objects.requireNonNull(hashParams, "hashParams");
        if (resyncAfterMismatches < 0) {
            throw new IllegalArgumentException(
                    "resyncAfterMismatches must not be negative, got " + resyncAfterMismatches);
        }
    }

    /** Entry hashes verified; a resync after 3 mismatches in a row, at most every 30 s. */
    public static Options defaults() {
        return new Options(HashCheck.ENTRIES, token -> null, 3, 30_000L);
    }

    public Options withHashCheck(HashCheck check) {
        return new Options(check, hashParams, resyncAfterMismatches, resyncCooldownMs);
    }

    public Options withHashParams(Function<String, BookHashParams> params) {
        return new Options(hashCheck, params, resyncAfterMismatches, resyncCooldownMs);
    }

    public Options withResync(int afterMismatches, long cooldownMs) {
        return new Options(hashCheck, hashParams, afterMismatches, cooldownMs);
    }
}
