package dev.polystream.gateway.fills;

import dev.polystream.gateway.domain.Market;
import dev.polystream.gateway.notify.Html;
import dev.polystream.ws.protocol.Side;
import dev.polystream.ws.user.OwnFill;
import java.math.BigDecimal;

/**
 * The text of a fill notice (pure): {@code 🟢 Bought 12.5 Yes @ 0.52 · matched} when a leg is first
 * seen, {@code ✅ Confirmed: bought 12.5 Yes @ 0.52} or {@code ❌ Failed: …} at its final status; the
 * market's question (HTML-escaped) on a second line when the catalogue knows it. Numbers are
 * written without trailing zeros.
 */
public final class FillMessages {

    private static final int MAX_QUESTION = 200;

    private FillMessages() {}

    /** A leg seen for the first time before it is final (matched, mined or retrying). */
    public static String matched(OwnFill fill, Market market) {
        return "🟢 "
                + capitalised(verb(fill))
                + " "
                + what(fill, market)
                + " · "
                + statusWord(fill)
                + question(market);
    }

    /**
     * The final status of a leg: confirmed or failed.
     *
     * @param firstSight the leg was not seen before (then a confirmation says "matched and
     *     confirmed")
     */
    public static String settled(OwnFill fill, Market market, boolean firstSight) {
        String head;
        switch (fill.status()) {
            case CONFIRMED -> head = firstSight ? "✅ Matched and confirmed: " : "✅ Confirmed: ";
            case FAILED -> head = "❌ Failed: ";
            default -> throw new IllegalArgumentException("Not a final status: " + fill.status());
        }
        String body = verb(fill) + " " + what(fill, market);
        if (fill.status() == dev.polystream.ws.user.TradeStatus.FAILED) {
            body += " did not settle on chain; nothing changed in your wallet";
        }
        return head + body + question(market);
    }

    /** "12.5 Yes @ 0.52". */
    static String what(OwnFill fill, Market market) {
        return number(fill.size())
                + " "
                + Html.escape(outcome(fill, market), 40)
                + " @ "
                + number(fill.price());
    }

    static String number(BigDecimal value) {
        if (value == null) {
            return "?";
        }
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    private static String verb(OwnFill fill) {
        return fill.side() == Side.SELL ? "sold" : "bought";
    }

    private static String statusWord(OwnFill fill) {
        return switch (fill.status()) {
            case MINED -> "matched, mined";
            case RETRYING -> "matched, retrying";
            default -> "matched";
        };
    }

    private static String outcome(OwnFill fill, Market market) {
        if (fill.outcome() != null && !fill.outcome().isBlank()) {
            return fill.outcome().strip();
        }
        if (market != null && fill.assetId() != null) {
            int i = market.tokenIndex(fill.assetId());
            if (i >= 0) {
                return market.outcome(i);
            }
        }
        return "shares";
    }

    private static String question(Market market) {
        return market == null ? "" : "\n" + Html.escape(market.title(), MAX_QUESTION);
    }

    private static String capitalised(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
