package dev.polystream.ws.gamma;

import java.util.List;

/**
 * One page of {@code /markets/keyset}.
 *
 * @param nextCursor pass as {@code after_cursor} for the next page; null on the last page
 * @param skipped market objects on this page that could not be decoded (counted, not fatal)
 */
public record GammaPage(List<GammaMarket> markets, String nextCursor, int skipped) {

    public GammaPage {
        markets = List.copyOf(markets);
    }

    public boolean isLast() {
        return nextCursor == null || nextCursor.isEmpty();
    }
}
