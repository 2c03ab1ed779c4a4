package dev.polystream.ws.book;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Market-channel frames written by hand for the processor tests, and the ids they use. */
final class FeedFrames {

    static final String SNAPSHOT_2026 =
            "book__initial_snapshot_with_tick_size_last_trade_price_real_2026-08__nautilus.json";
    static final String SNAPSHOT_2026_TOKEN =
            "350977769852917329387037893294763093471844346281449484439085576212613048126";
    static final String DOCS_YES =
            "71321045679252212594626385532706912750332728571942532289631379312455583992563";
    static final String DOCS_NO =
            "52114319501245915516055106046884209969926127482827954674443846427813813222426";

    static final String MARKET = "0xabc";
    static final String YES = "111";
    static final String NO = "222";
    static final long T0 = 1_790_000_000_000L;

    private FeedFrames() {}

    static BigDecimal dec(String s) {
        return new BigDecimal(s);
    }

    /** Adds the subscribe-only fields to a {@link #book} object. */
    static String withSnapshotFields(String book, String lastTradePrice) {
        return book.substring(0, book.length() - 1)
                + ",\"tick_size\":\"0.01\",\"last_trade_price\":\""
                + lastTradePrice
                + "\"}";
    }

    static List<String[]> levels(String... priceSize) {
        List<String[]> levels = new ArrayList<>();
        for (int i = 0; i < priceSize.length; i += 2) {
            levels.add(new String[] {priceSize[i], priceSize[i + 1]});
        }
        return levels;
    }

    static String book(String token, List<String[]> bids, List<String[]> asks) {
        return "{\"event_type\":\"book\",\"asset_id\":\""
                + token
                + "\",\"market\":\""
                + MARKET
                + "\",\"timestamp\":\""
                + T0
                + "\",\"bids\":"
                + json(bids)
                + ",\"asks\":"
                + json(asks)
                + "}";
    }

    static String json(List<String[]> levels) {
        StringBuilder out = new StringBuilder("[");
        for (String[] level : levels) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append("{\"price\":\"")
                    .append(level[0])
                    .append("\",\"size\":\"")
                    .append(level[1])
                    .append("\"}");
        }
        return out.append(']').toString();
    }

    static String entry(
            String token, String price, String size, String side, String bestBid, String bestAsk) {
        return "{\"asset_id\":\""
                + token
                + "\",\"price\":\""
                + price
                + "\",\"size\":\""
                + size
                + "\",\"side\":\""
                + side
                + "\",\"best_bid\":\""
                + bestBid
                + "\",\"best_ask\":\""
                + bestAsk
                + "\"}";
    }

    static String entryWithHash(String token, String price, String size, String side, String hash) {
        return "{\"asset_id\":\""
                + token
                + "\",\"price\":\""
                + price
                + "\",\"size\":\""
                + size
                + "\",\"side\":\""
                + side
                + "\",\"hash\":\""
                + hash
                + "\"}";
    }

    static String priceChange(String... entries) {
        return priceChangeAt(T0, entries);
    }

    static String priceChangeAt(long timestamp, String... entries) {
        return "{\"market\":\""
                + MARKET
                + "\",\"price_changes\":["
                + String.join(",", entries)
                + "],\"timestamp\":\""
                + timestamp
                + "\",\"event_type\":\"price_change\"}";
    }

    static String trade(String token, String price, String size, String side, long timestamp) {
        return "{\"asset_id\":\""
                + token
                + "\",\"event_type\":\"last_trade_price\",\"fee_rate_bps\":\"0\",\"market\":\""
                + MARKET
                + "\",\"price\":\""
                + price
                + "\",\"side\":\""
                + side
                + "\",\"size\":\""
                + size
                + "\",\"timestamp\":\""
                + timestamp
                + "\"}";
    }
}
