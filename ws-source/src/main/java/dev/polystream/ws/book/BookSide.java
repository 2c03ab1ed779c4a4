package dev.polystream.ws.book;

import dev.polystream.ws.protocol.BookHasher;
import java.math.BigDecimal;
import java.util.Arrays;

/**
 * One side of an order book: its levels in parallel arrays sorted in wire order (bids ascending,
 * asks descending), so the best level is the last one and the hash reads the arrays front to back.
 * Levels are found by binary search on {@link PriceTicks} keys; a price is held as first received
 * (its wire scale, which the hash needs) until its level is removed. Books hold tens of levels, so
 * shifting the arrays on an insert costs less than any tree. Not thread-safe.
 */
final class BookSide {

    private static final int INITIAL = 16;

    private final boolean descending;
    // PriceTicks keys in this side's order: negated for asks, so both sides ascend.
    private long[] keys = new long[INITIAL];
    private BigDecimal[] prices = new BigDecimal[INITIAL];
    private BigDecimal[] sizes = new BigDecimal[INITIAL];
    // Each level's serialised form for the hash, made when first needed, dropped on a new size.
    private byte[][] json = new byte[INITIAL][];
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
        return count == 0 ? null : prices[count - 1];
    }

    /** Size at the price, null when no level holds it. */
    BigDecimal size(BigDecimal price) {
        int i = find(PriceTicks.of(price), price);
        return i < 0 ? null : sizes[i];
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
            sizes[i] = size;
            json[i] = null;
        } else {
            insert(-i - 1, key, price, size);
        }
    }

    void clear() {
        Arrays.fill(prices, 0, count, null);
        Arrays.fill(sizes, 0, count, null);
        Arrays.fill(json, 0, count, null);
        count = 0;
        offGrid = 0;
    }

    /** The levels' serialised forms in wire order. */
    void writeTo(BookHasher.LevelBytesSink out) {
        for (int i = 0; i < count; i++) {
            byte[] bytes = json[i];
            if (bytes == null) {
                bytes = BookHasher.levelJson(prices[i], sizes[i]);
                json[i] = bytes;
            }
            out.level(bytes);
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

    /**
     * {@link #find} when every key is on the grid: a binary search whose steps are conditional
     * moves rather than branches (the next level touched is anyone's guess).
     */
    private int findKey(long sideKey) {
        int n = count;
        if (n == 0) {
            return -1;
        }
        long[] k = keys;
        int base = 0;
        while (n > 1) {
            int half = n >>> 1;
            base = k[base + half] <= sideKey ? base + half : base;
            n -= half;
        }
        long held = k[base];
        if (held == sideKey) {
            return base;
        }
        return held < sideKey ? -(base + 2) : -(base + 1);
    }

    /** Level {@code i} against the price, in this side's order. */
    private int compare(int i, long key, BigDecimal price) {
        long held = keys[i];
        if (held != PriceTicks.OFF_GRID && key != PriceTicks.OFF_GRID) {
            return Long.compare(held, descending ? -key : key);
        }
        int c = prices[i].compareTo(price);
        return descending ? -c : c;
    }

    private void insert(int at, long key, BigDecimal price, BigDecimal size) {
        if (count == keys.length) {
            int capacity = count * 2;
            keys = Arrays.copyOf(keys, capacity);
            prices = Arrays.copyOf(prices, capacity);
            sizes = Arrays.copyOf(sizes, capacity);
            json = Arrays.copyOf(json, capacity);
        }
        int tail = count - at;
        if (tail > 0) {
            System.arraycopy(keys, at, keys, at + 1, tail);
            System.arraycopy(prices, at, prices, at + 1, tail);
            System.arraycopy(sizes, at, sizes, at + 1, tail);
            System.arraycopy(json, at, json, at + 1, tail);
        }
        if (key == PriceTicks.OFF_GRID) {
            offGrid++;
        }
        keys[at] = key == PriceTicks.OFF_GRID || !descending ? key : -key;
        prices[at] = price;
        sizes[at] = size;
        json[at] = null;
        count++;
    }

    private void remove(int at) {
        if (keys[at] == PriceTicks.OFF_GRID) {
            offGrid--;
        }
        int tail = count - at - 1;
        if (tail > 0) {
            System.arraycopy(keys, at + 1, keys, at, tail);
            System.arraycopy(prices, at + 1, prices, at, tail);
            System.arraycopy(sizes, at + 1, sizes, at, tail);
            System.arraycopy(json, at + 1, json, at, tail);
        }
        count--;
        prices[count] = null;
        sizes[count] = null;
        json[count] = null;
    }
}
