package dev.polystream.ws.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;

/**
 * The fields of one event object, accumulated in a single pass whatever their order and whatever
 * the event type (which may come last); the assemblers then pick what their type needs. Unknown
 * fields are skipped. One instance is reused for every object a parser reads: {@link #read} clears
 * it first.
 */
final class EventFields {

    String eventType;
    String minOrderSize;
    Boolean negRisk;
    String assetId;
    String market;
    String hash;
    String transactionHash;
    String id;
    String question;
    String slug;
    String winningAssetId;
    String winningOutcome;
    String groupItemTitle;
    String conditionId;
    Side side;
    long timestamp;
    BigDecimal price;
    BigDecimal size;
    BigDecimal tickSize;
    BigDecimal lastTradePrice;
    BigDecimal oldTickSize;
    BigDecimal newTickSize;
    BigDecimal feeRateBps;
    BigDecimal bestBid;
    BigDecimal bestAsk;
    BigDecimal spread;
    BigDecimal minTickSize;
    Boolean active;
    List<PriceLevel> bids;
    List<PriceLevel> asks;
    List<PriceChange> priceChanges;
    List<PriceChange> legacyChanges;
    List<String> assetsIds;
    List<String> clobTokenIds;
    List<String> outcomes;
    List<String> tags;

    private final ScalarReader scalars;
    private final ArrayReader arrays;

    EventFields(ScalarReader scalars, ArrayReader arrays) {
        this.scalars = scalars;
        this.arrays = arrays;
    }

    /** Reads the fields of the object whose START_OBJECT the parser is on, to its END_OBJECT. */
    void read(JsonParser p, ElementError el) throws IOException {
        clear();
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken value = p.nextToken();
            switch (name) {
                case "event_type" -> eventType = ScalarReader.readString(p);
                case "asset_id" -> assetId = scalars.readId(p);
                case "market" -> market = scalars.readId(p);
                case "timestamp" -> timestamp = scalars.readTimestamp(p, el);
                case "hash" -> hash = ScalarReader.readString(p);
                case "bids" -> bids = arrays.readLevels(p, el, "bids");
                case "asks" -> asks = arrays.readLevels(p, el, "asks");
                case "tick_size" -> tickSize = scalars.readDecimal(p, el, name);
                case "last_trade_price" -> lastTradePrice = scalars.readDecimal(p, el, name);
                case "price_changes" -> priceChanges = arrays.readPriceChanges(p, el);
                case "changes" -> legacyChanges = arrays.readLegacyChanges(p, el);
                case "price" -> price = scalars.readDecimal(p, el, name);
                case "size" -> size = scalars.readDecimal(p, el, name);
                case "side" -> side = scalars.readSide(p, el);
                case "old_tick_size" -> oldTickSize = scalars.readDecimal(p, el, name);
                case "new_tick_size" -> newTickSize = scalars.readDecimal(p, el, name);
                case "fee_rate_bps" -> feeRateBps = scalars.readLenientDecimal(p);
                case "transaction_hash" -> transactionHash = ScalarReader.readString(p);
                case "best_bid" -> bestBid = scalars.readDecimal(p, el, name);
                case "best_ask" -> bestAsk = scalars.readDecimal(p, el, name);
                case "spread" -> spread = scalars.readLenientDecimal(p);
                case "id" -> id = ScalarReader.readString(p);
                case "question" -> question = ScalarReader.readString(p);
                case "slug" -> slug = ScalarReader.readString(p);
                case "assets_ids" -> assetsIds = ArrayReader.readStrings(p);
                case "clob_token_ids" -> clobTokenIds = ArrayReader.readStrings(p);
                case "outcomes" -> outcomes = ArrayReader.readStrings(p);
                case "tags" -> tags = ArrayReader.readStrings(p);
                case "winning_asset_id" -> winningAssetId = ScalarReader.readString(p);
                case "winning_outcome" -> winningOutcome = ScalarReader.readString(p);
                case "condition_id" -> conditionId = ScalarReader.readString(p);
                case "active" -> active = ScalarReader.readBoolean(p);
                case "order_price_min_tick_size" -> minTickSize = scalars.readLenientDecimal(p);
                case "group_item_title" -> groupItemTitle = ScalarReader.readString(p);
                case "min_order_size" -> minOrderSize = ScalarReader.readString(p);
                case "neg_risk" -> negRisk = ScalarReader.readBoolean(p);
                default -> ArrayReader.skipNested(p, value);
            }
        }
    }

    private void clear() {
        eventType = null;
        minOrderSize = null;
        negRisk = null;
        assetId = null;
        market = null;
        hash = null;
        transactionHash = null;
        id = null;
        question = null;
        slug = null;
        winningAssetId = null;
        winningOutcome = null;
        groupItemTitle = null;
        conditionId = null;
        side = null;
        timestamp = 0L;
        price = null;
        size = null;
        tickSize = null;
        lastTradePrice = null;
        oldTickSize = null;
        newTickSize = null;
        feeRateBps = null;
        bestBid = null;
        bestAsk = null;
        spread = null;
        minTickSize = null;
        active = null;
        bids = null;
        asks = null;
        priceChanges = null;
        legacyChanges = null;
        assetsIds = null;
        clobTokenIds = null;
        outcomes = null;
        tags = null;
    }

    static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
