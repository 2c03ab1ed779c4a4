package dev.polystream.ws.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystream.ws.protocol.PriceLevel;
import dev.polystream.ws.protocol.Side;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * Writes the JSON the live exchange sends, in its key order: market-channel events and CLOB REST
 * bodies. Pure functions of the model; no sending.
 */
final class WireFrames {

    static final ObjectMapper JSON = new ObjectMapper();

    private WireFrames() {}

    /** A {@code price_changes} entry with the book's hash (wrong on request) and its top. */
    static ObjectNode entry(
            FakeBook book,
            BigDecimal price,
            BigDecimal size,
            Side side,
            long ts,
            boolean corruptHash) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("asset_id", book.token);
        entry.put("price", price.toPlainString());
        entry.put("size", size.toPlainString());
        entry.put("side", side.name());
        entry.put("hash", corruptHash ? book.hash(ts + 1) : book.hash(ts));
        BigDecimal bid = book.bestBid();
        BigDecimal ask = book.bestAsk();
        entry.put("best_bid", bid == null ? "0" : bid.toPlainString());
        entry.put("best_ask", ask == null ? "1" : ask.toPlainString());
        return entry;
    }

    /** A {@code price_changes} entry of a matching burst, with the given (locked) top. */
    static ObjectNode burstEntry(
            FakeBook book,
            BigDecimal price,
            BigDecimal size,
            Side side,
            BigDecimal bid,
            BigDecimal ask,
            long ts) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("asset_id", book.token);
        entry.put("price", price.toPlainString());
        entry.put("size", size.toPlainString());
        entry.put("side", side.name());
        entry.put("hash", book.hash(ts));
        entry.put("best_bid", bid.toPlainString());
        entry.put("best_ask", ask.toPlainString());
        return entry;
    }

    static String priceChange(FakeMarket market, ArrayNode entries, long ts) {
        ObjectNode message = JSON.createObjectNode();
        message.put("market", market.conditionId);
        message.set("price_changes", entries);
        message.put("timestamp", Long.toString(ts));
        message.put("event_type", "price_change");
        return message.toString();
    }

    /** The pre-2025-09-15 schema: one message per token, {@code changes[]}, message hash. */
    static String legacyPriceChange(
            FakeBook book,
            BigDecimal price,
            BigDecimal size,
            Side side,
            long ts,
            boolean corruptHash) {
        ObjectNode message = JSON.createObjectNode();
        message.put("asset_id", book.token);
        ArrayNode changes = message.putArray("changes");
        changes.addObject()
                .put("price", price.toPlainString())
                .put("side", side.name())
                .put("size", size.toPlainString());
        message.put("event_type", "price_change");
        message.put("hash", corruptHash ? book.hash(ts + 1) : book.hash(ts));
        message.put("market", book.market.conditionId);
        message.put("timestamp", Long.toString(ts));
        return message.toString();
    }

    static String tickSizeChange(
            FakeMarket market, String token, BigDecimal old, BigDecimal newTick, long ts) {
        ObjectNode event = JSON.createObjectNode();
        event.put("event_type", "tick_size_change");
        event.put("asset_id", token);
        event.put("market", market.conditionId);
        event.put("old_tick_size", old.toPlainString());
        event.put("new_tick_size", newTick.toPlainString());
        event.put("timestamp", Long.toString(ts));
        return event.toString();
    }

    /**
     * A {@code last_trade_price} event.
     *
     * @param transactionHash null to leave it out
     */
    static String lastTradePrice(
            String token,
            FakeMarket market,
            String price,
            String side,
            String size,
            long ts,
            String transactionHash) {
        ObjectNode trade = JSON.createObjectNode();
        trade.put("asset_id", token);
        trade.put("event_type", "last_trade_price");
        trade.put("fee_rate_bps", "0");
        trade.put("market", market.conditionId);
        trade.put("price", price);
        trade.put("side", side);
        trade.put("size", size);
        trade.put("timestamp", Long.toString(ts));
        if (transactionHash != null) {
            trade.put("transaction_hash", transactionHash);
        }
        return trade.toString();
    }

    /** A {@code best_bid_ask} with the book's current top ({@code "0"}/{@code "1"}: empty). */
    static String bestBidAsk(FakeBook book, long ts) {
        BigDecimal newBid = book.bestBid();
        BigDecimal newAsk = book.bestAsk();
        ObjectNode event = JSON.createObjectNode();
        event.put("event_type", "best_bid_ask");
        event.put("market", book.market.conditionId);
        event.put("asset_id", book.token);
        event.put("best_bid", newBid == null ? "0" : newBid.toPlainString());
        event.put("best_ask", newAsk == null ? "1" : newAsk.toPlainString());
        event.put(
                "spread",
                newBid == null || newAsk == null ? "1" : newAsk.subtract(newBid).toPlainString());
        event.put("timestamp", Long.toString(ts));
        return event.toString();
    }

    /** {@code new_market} in the AsyncAPI shape. */
    static String newMarket(FakeMarket market, String question, long ts) {
        String conditionId = market.conditionId;
        ObjectNode event = JSON.createObjectNode();
        event.put("event_type", "new_market");
        event.put("id", Integer.toString(Math.abs(conditionId.hashCode())));
        event.put("question", question);
        event.put("market", conditionId);
        event.put("slug", question.toLowerCase(Locale.ROOT).replace(' ', '-'));
        event.set("assets_ids", JSON.createArrayNode().add(market.yes).add(market.no));
        event.set("outcomes", JSON.createArrayNode().add("Yes").add("No"));
        event.put("timestamp", Long.toString(ts));
        event.put("condition_id", conditionId);
        event.put("active", true);
        event.set("clob_token_ids", JSON.createArrayNode().add(market.yes).add(market.no));
        event.put("order_price_min_tick_size", market.tickSize.toPlainString());
        return event.toString();
    }

    /** {@code market_resolved} in the AsyncAPI shape. */
    static String marketResolved(FakeMarket market, String winningToken, long ts) {
        String conditionId = market.conditionId;
        ObjectNode event = JSON.createObjectNode();
        event.put("event_type", "market_resolved");
        event.put("id", Integer.toString(Math.abs(conditionId.hashCode())));
        event.put("market", conditionId);
        event.set("assets_ids", JSON.createArrayNode().add(market.yes).add(market.no));
        event.put("winning_asset_id", winningToken);
        event.put("winning_outcome", winningToken.equals(market.yes) ? "Yes" : "No");
        event.put("timestamp", Long.toString(ts));
        return event.toString();
    }

    /** An event of a type no client knows, with a nested payload. */
    static String unknownEvent(long ts) {
        return "{\"event_type\":\"settlement_preview\",\"market\":\"0x00\","
                + "\"payload\":{\"nested\":[1,2,{\"deep\":true}]},"
                + "\"timestamp\":\""
                + ts
                + "\"}";
    }

    /** A {@code book} object in the live key order; with the subscribe-only fields on request. */
    static ObjectNode book(FakeBook book, long ts, boolean subscribeSnapshot) {
        ObjectNode json = JSON.createObjectNode();
        json.put("market", book.market.conditionId);
        json.put("asset_id", book.token);
        json.put("timestamp", Long.toString(ts));
        json.put("hash", book.hash(ts));
        json.set("bids", levels(book.bidsAscending()));
        json.set("asks", levels(book.asksDescending()));
        if (subscribeSnapshot) {
            json.put("tick_size", book.market.tickSize.toPlainString());
        }
        json.put("event_type", "book");
        if (subscribeSnapshot) {
            BigDecimal ltp = book.market.lastTradePrice;
            json.put("last_trade_price", ltp == null ? "" : ltp.toPlainString());
        }
        return json;
    }

    /** An {@code OrderBookSummary} (CLOB REST) in the live key order. */
    static ObjectNode restBook(FakeBook book, long ts) {
        ObjectNode json = JSON.createObjectNode();
        json.put("market", book.market.conditionId);
        json.put("asset_id", book.token);
        json.put("timestamp", Long.toString(ts));
        json.put("hash", book.hash(ts));
        json.set("bids", levels(book.bidsAscending()));
        json.set("asks", levels(book.asksDescending()));
        json.put("min_order_size", book.market.minOrderSize);
        json.put("tick_size", book.market.tickSize.toPlainString());
        json.put("neg_risk", book.market.negRisk);
        BigDecimal ltp = book.market.lastTradePrice;
        json.put("last_trade_price", ltp == null ? "" : ltp.toPlainString());
        return json;
    }

    /** The REST last trade: market-level, in the first outcome's terms (as /book's). */
    static ObjectNode restLastTrade(FakeBook book) {
        BigDecimal ltp = book.market.lastTradePrice;
        ObjectNode out = JSON.createObjectNode();
        out.put("price", ltp == null ? "" : ltp.toPlainString());
        out.put("side", "BUY");
        return out;
    }

    static String error(String message) {
        return JSON.createObjectNode().put("error", message).toString();
    }

    static String plain(BigDecimal value) {
        return value == null ? "" : value.toPlainString();
    }

    private static ArrayNode levels(List<PriceLevel> levels) {
        ArrayNode array = JSON.createArrayNode();
        for (PriceLevel l : levels) {
            array.addObject()
                    .put("price", l.price().toPlainString())
                    .put("size", l.size().toPlainString());
        }
        return array;
    }
}
