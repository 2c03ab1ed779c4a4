package dev.polystream.ws.book;

import dev.polystream.ws.protocol.BookHasher;
import java.math.BigDecimal;
import java.util.Arrays;

/**
 * One side of an order book: its levels in two parallel arrays (keys, levels) sorted in wire order
 * (bids ascending, asks descending), so the best level is the last one and the hash reads the
 * arrays front to back. Levels are found by binary search on {@link PriceTicks} keys; a price is
 * held as first received (its wire scale, which the hash needs) until its level is removed. Books
 * hold tens of levels, so shifting the arrays on an insert costs less than any tree. Not
 * thread-safe.
 */
final class BookSide {

    private static final int INITIAL = 16;

    /** Sides up to this many levels are searched from the top down, longer ones by bisection. */
    private static final int LINEAR_LEVELS = 32;

    private final boolean descending;
    // PriceTicks keys in this side's order: negated for asks, so both sides ascend.
    private long[] keys = new long[INITIAL];
    private Level[] levels = new Level[INITIAL];
    private int count;
    // Levels whose price is off the grid: while there are none, the search compares longs only.
    private int offGrid;

    /**
     * @param descending true for asks (wire order: highest first), false for bids
     */
    BookSide(boolean descending) {
        this.descending = descending;
    }

    int count() {
        return count;
    }

    /** The best level's price (highest bid, lowest ask) as received; null when empty. */
    BigDecimal best() {
        return count == 0 ? null : levels[count - 1].price;
    }

    /** Size at the price, null when no level holds it. */
    BigDecimal size(BigDecimal price) {
        int i = find(PriceTicks.of(price), price);
        return i < 0 ? null : levels[i].size;
    }

    /** Sets the total size at a level; size 0 removes it. */
    void set(BigDecimal price, BigDecimal size) {
        long key = PriceTicks.of(price);
        int i = find(key, price);
        if (size.signum() == 0) {
            if (i >= 0) {
                remove(i);
            }
        } else if (i >= 0) {
            Level level = levels[i];
            level.size = size;
            level.json = null;
        } else {
            insert(-i - 1, key, price, size);
        }
    }

    void clear() {
        Arrays.fill(levels, 0, count, null);
        count = 0;
        offGrid = 0;
    }

    /** The levels' serialised forms in wire order. */
    void writeTo(BookHasher.LevelBytesSink out) {
        for (int i = 0; i < count; i++) {
            out.level(levels[i].json());
        }
    }

    /** The level's index, or {@code -(insertion point) - 1}. */
    private int find(long key, BigDecimal price) {
        if (offGrid == 0 && key != PriceTicks.OFF_GRID) {
            return findKey(descending ? -key : key);
        }
        int lo = 0;
        int hi = count - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = compare(mid, key, price);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    /** {@link #find} when every key is on the grid: a binary search over longs alone. */
    private int findKey(long sideKey) {
        long[] k = keys;
        if (count <= LINEAR_LEVELS) {
            // Small sides: from the top down, no unpredictable branch until the level is passed.
            int i = count - 1;
            while (i >= 0 && k[i] > sideKey) {
                i--;
            }
            return i >= 0 && k[i] == sideKey ? i : -(i + 2);
        }
        int lo = 0;
        int hi = count - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long held = k[mid];
            if (held < sideKey) {
                lo = mid + 1;
            } else if (held > sideKey) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    /** Level {@code i} against the price, in this side's order. */
    private int compare(int i, long key, BigDecimal price) {
        long held = keys[i];
        if (held != PriceTicks.OFF_GRID && key != PriceTicks.OFF_GRID) {
            return Long.compare(held, descending ? -key : key);
        }
        int c = levels[i].price.compareTo(price);
        return descending ? -c : c;
    }

    private void insert(int at, long key, BigDecimal price, BigDecimal size) {
        if (count == keys.length) {
            int capacity = count * 2;
            keys = Arrays.copyOf(keys, capacity);
            levels = Arrays.copyOf(levels, capacity);
        }
        int tail = count - at;
        if (tail > 0) {
            System.arraycopy(keys, at, keys, at + 1, tail);
            System.arraycopy(levels, at, levels, at + 1, tail);
        }
        if (key == PriceTicks.OFF_GRID) {
            offGrid++;
        }
        keys[at] = key == PriceTicks.OFF_GRID || !descending ? key : -key;
        levels[at] = new Level(price, size);
        count++;
    }

    private void remove(int at) {
        if (keys[at] == PriceTicks.OFF_GRID) {
            offGrid--;
        }
        int tail = count - at - 1;
        if (tail > 0) {
            System.arraycopy(keys, at + 1, keys, at, tail);
            System.arraycopy(levels, at + 1, levels, at, tail);
        }
        count--;
        levels[count] = null;
    }

    /**
     * One level: its price as first received, its size, and its serialised form for the hash, made
     * when first needed and kept until the size changes (most levels outlive many messages).
     */
    private static final class Level {
        final BigDecimal price;
        BigDecimal size;
        byte[] json;

        Level(BigDecimal price, BigDecimal size) {
            this.price = price;
            this.size = size;
        }

        byte[] json() {
            if (json == null) {
                json = BookHasher.levelJson(price, size);
            }
            return json;
        }
    }
}
