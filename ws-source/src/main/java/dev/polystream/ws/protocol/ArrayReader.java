package dev.polystream.ws.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the array fields of an event object: book levels, {@code price_changes} entries, legacy
 * {@code changes} entries and lists of strings. A broken entry records its problem in the {@link
 * ElementError} and is skipped; the array is still read to its end.
 */
final class ArrayReader {

    private final ScalarReader scalars;
    private final boolean entryHashes;

    ArrayReader(ScalarReader scalars, boolean entryHashes) {
        this.scalars = scalars;
        this.entryHashes = entryHashes;
    }

    List<PriceChange> readPriceChanges(JsonParser p, ElementError el) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            el.fail(ParseErrorKind.INVALID_VALUE, "price_changes is not an array");
            p.skipChildren();
            return null;
        }
        List<PriceChange> changes = new ArrayList<>(4);
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.START_OBJECT) {
                el.fail(ParseErrorKind.INVALID_VALUE, "price_changes entry is " + token);
                p.skipChildren();
                continue;
            }
            String assetId = null;
            String hash = null;
            Side side = null;
            BigDecimal price = null;
            BigDecimal size = null;
            BigDecimal bestBid = null;
            BigDecimal bestAsk = null;
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken value = p.nextToken();
                switch (name) {
                    case "asset_id" -> assetId = scalars.readId(p);
                    case "price" -> price = scalars.readDecimal(p, el, name);
                    case "size" -> size = scalars.readDecimal(p, el, name);
                    case "side" -> side = scalars.readSide(p, el);
                    case "hash" -> hash = entryHashes ? ScalarReader.readString(p) : null;
                    case "best_bid" -> bestBid = scalars.readDecimal(p, el, name);
                    case "best_ask" -> bestAsk = scalars.readDecimal(p, el, name);
                    default -> skipNested(p, value);
                }
            }
            if (assetId == null || price == null || size == null || side == null) {
                el.fail(
                        ParseErrorKind.MISSING_FIELD,
                        "price_changes entry needs asset_id, price, size and side");
                continue;
            }
            changes.add(new PriceChange(assetId, price, size, side, hash, bestBid, bestAsk));
        }
        return changes;
    }

    List<PriceChange> readLegacyChanges(JsonParser p, ElementError el) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            el.fail(ParseErrorKind.INVALID_VALUE, "changes is not an array");
            p.skipChildren();
            return null;
        }
        List<PriceChange> changes = new ArrayList<>(2);
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.START_OBJECT) {
                el.fail(ParseErrorKind.INVALID_VALUE, "changes entry is " + token);
                p.skipChildren();
                continue;
            }
            Side side = null;
            BigDecimal price = null;
            BigDecimal size = null;
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken value = p.nextToken();
                switch (name) {
                    case "price" -> price = scalars.readDecimal(p, el, name);
                    case "size" -> size = scalars.readDecimal(p, el, name);
                    case "side" -> side = scalars.readSide(p, el);
                    default -> skipNested(p, value);
                }
            }
            if (price == null || size == null || side == null) {
                el.fail(ParseErrorKind.MISSING_FIELD, "changes entry needs price, size and side");
                continue;
            }
            // the asset id is filled in from the message once it is known
            changes.add(new PriceChange(null, price, size, side, null, null, null));
        }
        return changes;
    }

    List<PriceLevel> readLevels(JsonParser p, ElementError el, String field) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL
                || (token == JsonToken.VALUE_STRING && p.getTextLength() == 0)) {
            return List.of();
        }
        if (token != JsonToken.START_ARRAY) {
            el.fail(ParseErrorKind.INVALID_VALUE, field + " is not an array");
            p.skipChildren();
            return null;
        }
        List<PriceLevel> levels = new ArrayList<>();
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.START_OBJECT) {
                el.fail(ParseErrorKind.INVALID_VALUE, field + " level is " + token);
                p.skipChildren();
                continue;
            }
            BigDecimal price = null;
            BigDecimal size = null;
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken value = p.nextToken();
                if ("price".equals(name)) {
                    price = scalars.readDecimal(p, el, field + ".price");
                } else if ("size".equals(name)) {
                    size = scalars.readDecimal(p, el, field + ".size");
                } else {
                    skipNested(p, value);
                }
            }
            if (price == null || size == null) {
                el.fail(ParseErrorKind.MISSING_FIELD, field + " level needs price and size");
                continue;
            }
            levels.add(new PriceLevel(price, size));
        }
        return levels;
    }

    static List<String> readStrings(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            return null;
        }
        List<String> values = new ArrayList<>(2);
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                p.skipChildren();
            } else if (token != JsonToken.VALUE_NULL) {
                values.add(p.getText());
            }
        }
        return values;
    }

    /** Skips the value of an unknown field when it is an object or an array. */
    static void skipNested(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            p.skipChildren();
        }
    }
}
