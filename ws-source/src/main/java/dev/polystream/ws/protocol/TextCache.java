package dev.polystream.ws.protocol;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Small direct-mapped caches that turn repeated wire text into the same objects: token and
 * condition ids (78 and 66 characters, repeated in every message) and short decimals (prices repeat
 * constantly). Saves the allocations and, for ids, the hash computation of every later map lookup
 * (a cached {@code String} keeps its hash). Keys are ASCII bytes as they stand in a frame: the fast
 * path looks up its frame's bytes directly, the Jackson path an ASCII copy of its characters (see
 * {@link ScalarReader}; text beyond ASCII is not cached). Not thread-safe.
 */
final class TextCache {

    private static final int MAX_DECIMAL_CHARS = 8;

    private static final int HASHED_CHARS = 8;

    private final String[] strings;
    // Whether each cached string is free of control characters (below U+0020).
    private final boolean[] printable;
    // Whether each cached string holds no quote and no backslash (Jackson may cache one decoded
    // from an escape): such a text, followed by a quote, is a whole JSON string as it stands.
    private final boolean[] plain;
    // Per slot pair: whether its second slot holds the text stored longer ago (replaced next).
    private final boolean[] olderIsSecond;
    private final byte[][] stringKeys;
    private final byte[][] decimalKeys;
    private final BigDecimal[] decimals;
    private final int stringShift;
    private final int decimalMask;

    TextCache(int stringSlots, int decimalSlots) {
        this.strings = new String[Integer.highestOneBit(Math.max(2, stringSlots))];
        this.stringKeys = new byte[strings.length][];
        this.printable = new boolean[strings.length];
        this.plain = new boolean[strings.length];
        this.stringShift = 32 - Integer.numberOfTrailingZeros(strings.length);
        this.olderIsSecond = new boolean[strings.length / 2];
        this.decimalKeys = new byte[Integer.highestOneBit(decimalSlots)][];
        this.decimals = new BigDecimal[decimalKeys.length];
        this.decimalMask = decimals.length - 1;
    }

    /**
     * The text at {@code ascii[offset, offset + length)}, cached. A byte beyond ASCII reads as its
     * ISO-8859-1 character: callers that may hold such bytes ask for {@link #printableString}.
     */
    String string(byte[] ascii, int offset, int length) {
        int slot = slot(ascii, offset, length);
        return strings[slot >= 0 ? slot : store(ascii, offset, length, -slot - 1)];
    }

    /**
     * {@link #string}, or null when the text holds a control character (below U+0020), which a JSON
     * string may not hold raw, or a byte beyond ASCII (the caller then decodes the frame as UTF-8
     * instead). Checked once per cached text, not on every hit.
     */
    String printableString(byte[] ascii, int offset, int length) {
        int slot = slot(ascii, offset, length);
        if (slot < 0) {
            slot = store(ascii, offset, length, -slot - 1);
        }
        return printable[slot] ? strings[slot] : null;
    }

    /**
     * The cached text at {@code ascii[offset, offset + length)} when it is printable and holds no
     * quote or backslash; null when it is not cached (nothing is stored) or is not such a text.
     */
    String cachedPlain(byte[] ascii, int offset, int length) {
        int slot = slot(ascii, offset, length);
        return slot >= 0 && printable[slot] && plain[slot] ? strings[slot] : null;
    }

    /**
     * The slot holding the text, or {@code -(its pair's first slot) - 1} when it is not cached. The
     * slots go in pairs ({@code 2k}, {@code 2k + 1}) and a text may sit in either of its pair: two
     * ids whose hashes meet both stay cached instead of evicting each other on every message.
     */
    private int slot(byte[] ascii, int offset, int length) {
        int hash = hash(ascii, offset, length);
        // Fibonacci hashing: ids that differ in their last digits only land far apart.
        int pair = ((hash * 0x9E3779B9) >>> stringShift) & ~1;
        if (holds(pair, ascii, offset, length)) {
            return pair;
        }
        if (holds(pair + 1, ascii, offset, length)) {
            return pair + 1;
        }
        return -pair - 1;
    }

    private boolean holds(int slot, byte[] ascii, int offset, int length) {
        byte[] key = stringKeys[slot];
        return key != null && key.length == length && sameChars(key, ascii, offset);
    }

    /** Caches the text in its pair, replacing the one of the two stored longer ago; its slot. */
    private int store(byte[] ascii, int offset, int length, int pair) {
        int slot = pair + (olderIsSecond[pair >> 1] ? 1 : 0);
        olderIsSecond[pair >> 1] = slot == pair;
        byte[] newKey = Arrays.copyOfRange(ascii, offset, offset + length);
        boolean noControl = true;
        boolean noEscape = true;
        for (byte c : newKey) {
            // signed: a byte beyond ASCII is negative, so never printable here
            noControl &= c >= 0x20;
            noEscape &= c != '"' && c != '\\';
        }
        stringKeys[slot] = newKey;
        strings[slot] = new String(newKey, StandardCharsets.ISO_8859_1);
        printable[slot] = noControl;
        plain[slot] = noEscape;
        return slot;
    }

    /** The decimal for short texts, cached; null when it is not one (the caller reports it). */
    BigDecimal decimal(byte[] ascii, int offset, int length) {
        if (length > MAX_DECIMAL_CHARS) {
            return ScalarDecoder.toDecimal(ascii, offset, length);
        }
        int hash = hash(ascii, offset, length);
        int slot = (hash ^ (hash >>> 16)) & decimalMask;
        byte[] key = decimalKeys[slot];
        if (key != null && key.length == length && sameChars(key, ascii, offset)) {
            return decimals[slot];
        }
        BigDecimal value = ScalarDecoder.toDecimal(ascii, offset, length);
        if (value != null) {
            decimalKeys[slot] = Arrays.copyOfRange(ascii, offset, offset + length);
            decimals[slot] = value;
        }
        return value;
    }

    /**
     * The length and the last {@value #HASHED_CHARS} characters: enough to spread token ids (random
     * 77-digit numbers: 10^8 endings) and condition ids (hex: 16^8) over a few thousand slots, at a
     * tenth of the cost of hashing all of them (a chain of multiplications, one per character).
     * Equality is still checked on every character.
     */
    private static int hash(byte[] ascii, int offset, int length) {
        int h = length;
        int end = offset + length;
        for (int i = Math.max(offset, end - HASHED_CHARS); i < end; i++) {
            h = 31 * h + ascii[i];
        }
        return h;
    }

    /** Vectorised by the JDK (an intrinsic): ids are 66 and 78 characters long. */
    private static boolean sameChars(byte[] key, byte[] ascii, int offset) {
        return Arrays.equals(key, 0, key.length, ascii, offset, offset + key.length);
    }
}
