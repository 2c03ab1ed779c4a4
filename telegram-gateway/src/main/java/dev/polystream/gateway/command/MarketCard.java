package dev.polystream.gateway.command;

import dev.polystream.gateway.domain.Market;
import dev.polystream.gateway.domain.TokenPrice;
import dev.polystream.gateway.notify.Html;
import dev.polystream.gateway.telegram.Keyboard;
import dev.polystream.gateway.telegram.Keyboard.Button;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The market card: question, outcomes with live prices and data age, and its buttons. */
final class MarketCard {

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private MarketCard() {}

    static String text(Market m, Map<String, TokenPrice> prices, Duration maxAge) {
        StringBuilder t = new StringBuilder();
        t.append("<b>").append(Html.escape(m.title(), 300)).append("</b>\n");
        t.append("Market <code>").append(Html.escape(m.id(), 40)).append("</code>");
        if (m.endDate() != null) {
            t.append(" · ends ").append(DATE.format(m.endDate()));
        }
        t.append(m.isOpen() ? " · open" : " · <b>closed</b>").append("\n");
        int n = Math.min(m.outcomes().size(), m.tokenIds().size());
        for (int i = 0; i < n && i < 20; i++) {
            TokenPrice p = prices.get(m.tokenIds().get(i));
            t.append("\n").append(Html.escape(m.outcome(i), 60)).append(": ");
            if (p != null && p.price() != null) {
                t.append("<b>").append(Html.cents(p.price())).append("</b>");
                t.append(" (bid ").append(Html.cents(p.bestBid()));
                t.append(" / ask ").append(Html.cents(p.bestAsk())).append(")");
                t.append(" · ").append(p.isOlderThan(maxAge) ? "⚠️ stale " : "🟢 ");
                t.append(Html.age(p.age()));
                if (p.source() != null) {
                    t.append(" · ").append(Html.escape(p.source(), 10));
                }
            } else if (m.outcomePrice(i) != null) {
                t.append("<b>").append(Html.cents(m.outcomePrice(i))).append("</b>");
                t.append(" · catalogue price (not live yet)");
            } else {
                t.append("no price yet");
            }
        }
        return t.toString();
    }

    static Keyboard keyboard(Market m) {
        List<List<Button>> rows = new ArrayList<>();
        if (m.isOpen() && m.id().length() <= 40) {
            List<Button> buys = new ArrayList<>();
            int n = Math.min(Math.min(m.outcomes().size(), m.tokenIds().size()), 4);
            for (int i = 0; i < n; i++) {
                buys.add(
                        Keyboard.button(
                                "Buy " + shortLabel(m.outcome(i)), "b:" + m.id() + ":" + i));
                if (buys.size() == 2) {
                    rows.add(buys);
                    buys = new ArrayList<>();
                }
            }
            rows.add(buys);
        }
        if (m.id().length() <= 40) {
            rows.add(
                    List.of(
                            Keyboard.button("👁 Watch", "w:" + m.id()),
                            Keyboard.button("📈 Chart", "c:" + m.id())));
        }
        return Keyboard.rows(rows);
    }

    private static String shortLabel(String label) {
        return label.length() > 24 ? label.substring(0, 23) + "…" : label;
    }
}
