package dev.polystream.ws.user;

import static dev.polystream.ws.user.UserFields.decimal;
import static dev.polystream.ws.user.UserFields.optionalDecimal;
import static dev.polystream.ws.user.UserFields.required;
import static dev.polystream.ws.user.UserFields.text;
import static dev.polystream.ws.user.UserFields.time;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystream.ws.protocol.Side;
import dev.polystream.ws.user.UserFields.BadField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns one JSON object into a {@link UserTrade} or a {@link UserOrder}: the same trade decoder
 * serves the user channel and REST {@code /data/trades} rows. Throws {@link BadField} for an object
 * that cannot be read.
 */
final class UserEventDecoder {

    private UserEventDecoder() {}

    /**
     * Which kind of event an object is: by {@code event_type}, else {@code type}, else its fields.
     */
    static String kind(JsonNode event) {
        String eventType = text(event, "event_type").toLowerCase(Locale.ROOT);
        if (!eventType.isEmpty()) {
            return eventType;
        }
        String type = text(event, "type").toUpperCase(Locale.ROOT);
        if (type.equals("TRADE")) {
            return "trade";
        }
        if (type.equals("PLACEMENT") || type.equals("UPDATE") || type.equals("CANCELLATION")) {
            return "order";
        }
        if (event.has("taker_order_id") || event.has("trader_side")) {
            return "trade"; // a REST /data/trades row
        }
        if (event.has("original_size") || event.has("order_type")) {
            return "order";
        }
        return "";
    }

    static UserTrade trade(JsonNode e) {
        String id = required(e, "id");
        String statusText = text(e, "status");
        TradeStatus status = TradeStatus.parse(statusText);
        if (status == null) {
            throw new BadField("unknown trade status " + UserFields.echo(statusText));
        }
        Side side = side(e, "side", true);
        JsonNode makers = e.get("maker_orders");
        List<MakerOrder> makerOrders = new ArrayList<>();
        if (makers != null && makers.isArray()) {
            for (JsonNode m : makers) {
                makerOrders.add(makerOrder(m));
            }
        }
        return new UserTrade(
                id,
                status,
                text(e, "market"),
                required(e, "asset_id"),
                text(e, "outcome"),
                side,
                decimal(e, "size"),
                decimal(e, "price"),
                optionalDecimal(e, "fee_rate_bps"),
                text(e, "trader_side").toUpperCase(Locale.ROOT),
                text(e, "owner"),
                text(e, "trade_owner"),
                text(e, "maker_address"),
                text(e, "taker_order_id"),
                text(e, "transaction_hash"),
                time(e, e.has("match_time") ? "match_time" : "matchtime", false),
                time(e, "last_update", false),
                time(e, "timestamp", false),
                makerOrders);
    }

    private static MakerOrder makerOrder(JsonNode m) {
        return new MakerOrder(
                text(m, "order_id"),
                text(m, "owner"),
                text(m, "maker_address"),
                decimal(m, "matched_amount"),
                decimal(m, "price"),
                text(m, "asset_id"),
                text(m, "outcome"),
                side(m, "side", false),
                optionalDecimal(m, "fee_rate_bps"));
    }

    static UserOrder order(JsonNode e) {
        String id = required(e, "id");
        String statusText = text(e, "status");
        List<String> trades = null;
        JsonNode associated = e.get("associate_trades");
        if (associated != null && associated.isArray()) {
            trades = new ArrayList<>();
            for (JsonNode t : associated) {
                trades.add(t.asText(""));
            }
        }
        return new UserOrder(
                id,
                text(e, "type").toUpperCase(Locale.ROOT),
                OrderStatus.parse(statusText),
                statusText,
                OrderStatus.reason(statusText),
                text(e, "market"),
                text(e, "asset_id"),
                text(e, "outcome"),
                side(e, "side", false),
                optionalDecimal(e, "price"),
                optionalDecimal(e, "original_size"),
                optionalDecimal(e, "size_matched"),
                text(e, "order_type").toUpperCase(Locale.ROOT),
                text(e, "owner"),
                text(e, "maker_address"),
                trades,
                time(e, "created_at", false),
                time(e, "expiration", true),
                time(e, "timestamp", false));
    }

    private static Side side(JsonNode e, String field, boolean required) {
        String t = text(e, field);
        if (t.isEmpty() && !required) {
            return null;
        }
        Side side = Side.parse(t);
        if (side == null) {
            throw new BadField(
                    (t.isEmpty() ? "missing " : "bad ")
                            + field
                            + (t.isEmpty() ? "" : ": " + UserFields.echo(t)));
        }
        return side;
    }
}
