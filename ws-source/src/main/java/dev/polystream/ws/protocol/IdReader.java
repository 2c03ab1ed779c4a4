package dev.polystream.ws.protocol;

/**
 * Reads the {@link PriceChangeFastPath}'s id values ({@code market}, {@code asset_id}) without
 * searching for their closing quote when it can: an id of a field is usually as long as the last
 * one (66 and 77–78 characters), so it guesses the end there and asks the {@link TextCache} for the
 * text before it. A cached text free of quotes and backslashes, followed by a quote, is exactly the
 * string a search would find (no quote before the guessed one, no escape in it); anything else is
 * read the ordinary way. Not thread-safe.
 */
final class IdReader {

    /** The fields whose last id length is kept. */
    static final int MARKET = 0;

    static final int ASSET_ID = 1;

    private final FrameCursor c;
    private final TextCache cache;
    private final int[] lastLength = new int[2];

    IdReader(FrameCursor cursor, TextCache cache) {
        this.c = cursor;
        this.cache = cache;
    }

    /** The string value at the cursor as an id, through the cache; declines like any id read. */
    String read(int field) {
        c.expect('"');
        int start = c.pos;
        int guess = lastLength[field];
        if (guess > 0 && start + guess < c.end && c.buf[start + guess] == '"') {
            String id = cache.cachedPlain(c.buf, start, guess);
            if (id != null) {
                c.strStart = start;
                c.strLength = guess;
                c.pos = start + guess + 1;
                return id;
            }
        }
        c.restOfString();
        lastLength[field] = c.strLength;
        String id = cache.printableString(c.buf, c.strStart, c.strLength);
        if (id == null) {
            throw FrameCursor.DECLINE;
        }
        return id;
    }
}
