package dev.polystream.ws.user;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.polystream.ws.user.UserFields.BadField;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads user-channel frames (§3): one event object, an array mixing {@code order} and {@code trade}
 * events, several objects one after the other, or the text {@code PONG}. Unknown fields are
 * ignored; an element that cannot be read becomes one line in {@link UserFrame#errors()} and the
 * others are kept. The same trade decoder reads REST {@code /data/trades} rows ({@link
 * #parseTradeRows}). Stateless and thread-safe.
 */
public final class UserMessageParser {

    /** More elements than this in one frame are not read (one error says so). */
    static final int MAX_ELEMENTS = 10_000;

    private static final ObjectReader READER = new ObjectMapper().readerFor(JsonNode.class);

    public UserMessageParser() {}

    /** Parses one text frame. */
    public static UserFrame parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.equalsIgnoreCase("PONG")) {
            return UserFrame.pongFrame();
        }
        Collector out = new Collector();
        if (t.isEmpty()) {
            out.errors.add("empty frame");
            return out.frame();
        }
        if (t.charAt(0) != '{' && t.charAt(0) != '[') {
            out.errors.add("not JSON: " + UserFields.echo(t));
            return out.frame();
        }
        try (MappingIterator<JsonNode> values = READER.readValues(t)) {
            while (values.hasNextValue() && !out.full()) {
                JsonNode value = values.nextValue();
                if (value.isArray()) {
                    for (JsonNode element : value) {
                        if (out.full()) {
                            break;
                        }
                        out.event(element);
                    }
                } else {
                    out.event(value);
                }
            }
        } catch (JsonProcessingException e) {
            out.errors.add("malformed JSON: " + oneLine(e.getOriginalMessage()));
        } catch (IOException | RuntimeException e) {
            out.errors.add("unreadable frame: " + oneLine(String.valueOf(e.getMessage())));
        }
        return out.frame();
    }

    /**
     * Reads the {@code data} array of a REST {@code /data/trades} page: every row as a trade
     * (statuses {@code TRADE_STATUS_...} included), bad rows as errors.
     */
    public static UserFrame parseTradeRows(JsonNode data) {
        Collector out = new Collector();
        if (data == null || !data.isArray()) {
            out.errors.add("trades: no data array");
            return out.frame();
        }
        for (JsonNode row : data) {
            if (out.full()) {
                break;
            }
            out.trade(row);
        }
        return out.frame();
    }

    private static String oneLine(String message) {
        String m = message == null ? "" : message.replaceAll("\\s+", " ").strip();
        return m.length() <= 160 ? m : m.substring(0, 160) + "...";
    }

    /** Gathers one frame's events and errors. */
    private static final class Collector {
        final List<UserTrade> trades = new ArrayList<>();
        final List<UserOrder> orders = new ArrayList<>();
        final List<String> errors = new ArrayList<>();
        int elements;

        boolean full() {
            if (elements < MAX_ELEMENTS) {
                return false;
            }
            if (errors.isEmpty() || !errors.get(errors.size() - 1).startsWith("over ")) {
                errors.add("over " + MAX_ELEMENTS + " elements: the rest is not read");
            }
            return true;
        }

        void event(JsonNode element) {
            elements++;
            if (!element.isObject()) {
                errors.add("not an event object: " + UserFields.echo(element.toString()));
                return;
            }
            String kind = UserEventDecoder.kind(element);
            if (kind.equals("trade")) {
                decodeTrade(element);
            } else if (kind.equals("order")) {
                try {
                    orders.add(UserEventDecoder.order(element));
                } catch (BadField e) {
                    errors.add("order " + idOf(element) + ": " + e.getMessage());
                }
            } else {
                errors.add(
                        "unknown event type "
                                + (kind.isEmpty() ? "(none)" : UserFields.echo(kind))
                                + " of "
                                + idOf(element));
            }
        }

        void trade(JsonNode row) {
            elements++;
            if (!row.isObject()) {
                errors.add("not a trade object: " + UserFields.echo(row.toString()));
                return;
            }
            decodeTrade(row);
        }

        private void decodeTrade(JsonNode element) {
            try {
                trades.add(UserEventDecoder.trade(element));
            } catch (BadField e) {
                errors.add("trade " + idOf(element) + ": " + e.getMessage());
            }
        }

        private static String idOf(JsonNode element) {
            String id = UserFields.text(element, "id");
            return id.isEmpty() ? "(no id)" : UserFields.echo(id);
        }

        UserFrame frame() {
            return new UserFrame(trades, orders, errors, false);
        }
    }
}
