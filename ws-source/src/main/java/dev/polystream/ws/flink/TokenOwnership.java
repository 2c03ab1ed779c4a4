package dev.polystream.ws.flink;

/**
 * Which source subtask streams a token: subtask {@code i} of {@code n} owns the tokens with {@code
 * Math.floorMod(token.hashCode(), n) == i}. {@link String#hashCode()} is specified by the JLS, so
 * the mapping is stable across JVMs and restarts.
 */
public final class TokenOwnership {

    private TokenOwnership() {}

    /** The index of the subtask that owns {@code tokenId} among {@code parallelism} subtasks. */
    public static int ownerOf(String tokenId, int parallelism) {
        return Math.floorMod(tokenId.hashCode(), parallelism);
    }

    public static boolean owns(String tokenId, int subtaskIndex, int parallelism) {
        return ownerOf(tokenId, parallelism) == subtaskIndex;
    }
}
