package dev.polystream.ws.user;

import java.util.List;

/**
 * One page of CLOB {@code GET /data/trades}: its trades in the order sent, the cursor of the next
 * page ({@link ClobTradesClient#END_CURSOR} after the last), and one line per row that could not be
 * read.
 */
public record TradesPage(List<UserTrade> trades, String nextCursor, List<String> errors) {

    public TradesPage {
        trades = List.copyOf(trades);
        errors = List.copyOf(errors);
    }

    /** Whether no page follows. */
    public boolean isLast() {
        return nextCursor == null
                || nextCursor.isEmpty()
                || ClobTradesClient.END_CURSOR.equals(nextCursor);
    }
}
