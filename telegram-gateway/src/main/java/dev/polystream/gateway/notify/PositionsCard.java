package dev.polystream.gateway.notify;

import dev.polystream.gateway.domain.Position;
import dev.polystream.gateway.domain.PositionView;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The text and buttons of the /positions card. Nothing in it changes by itself from one second to
 * the next (ages are coarse), so an unchanged hash means nothing visible changed.
 */
public final class PositionsCard {

    /** A rendered card and the hash that decides whether an edit is needed. */
    public record Rendered(String text, Keyboard keyboard, int page, String hash) {}

    private PositionsCard() {}

    public static Rendered render(
            List<PositionView> positions,
            int requestedPage,
            int pageSize,
            Duration maxAge,
            boolean paused,
            Duration autoRefresh) {
        int pages = Math.max(1, (positions.size() + pageSize - 1) / pageSize);
        int page = Math.max(0, Math.min(requestedPage, pages - 1));
        StringBuilder t = new StringBuilder();
        t.append("<b>📊 Your positions</b>");
        if (positions.isEmpty()) {
            t.append("\n\nNo open positions. Find a market with /markets or paste a link.");
        } else {
            t.append(" (").append(positions.size()).append(")");
            if (pages > 1) {
                t.append(" · page ").append(page + 1).append("/").append(pages);
            }
            t.append("\n");
            int from = page * pageSize;
            for (PositionView v :
                    positions.subList(from, Math.min(positions.size(), from + pageSize))) {
                Position p = v.position();
                t.append("\n<b>#")
                        .append(p.id())
                        .append(" ")
                        .append(Html.escape(p.outcome(), 40))
                        .append("</b> · ")
                        .append(
                                Html.escape(
                                        v.question() == null
                                                ? "market " + p.marketId()
                                                : v.question(),
                                        90));
                t.append("\n")
                        .append(Html.shares(p.amount()))
                        .append(" sh @ ")
                        .append(Html.cents(p.entryPrice()))
                        .append(" → ")
                        .append(Html.cents(v.currentPrice()))
                        .append(" · P&amp;L <b>")
                        .append(Html.usd(v.pnlAmount(), true))
                        .append(" (")
                        .append(Html.percent(v.pnlPercent()))
                        .append(")</b>");
                t.append("\n");
                if (v.price() == null || v.price().age() == null) {
                    t.append("⏳ waiting for the first price");
                } else {
                    boolean stale = v.price().isOlderThan(maxAge);
                    t.append(stale ? "⚠️ <b>stale</b> · " : "🟢 ")
                            .append(Html.age(v.price().age()))
                            .append(" old · ")
                            .append(
                                    Html.escape(
                                            v.price().source() == null ? "?" : v.price().source(),
                                            10));
                }
                t.append("\n");
            }
        }
        t.append("\n");
        if (paused) {
            t.append("⏸ Auto-refresh stopped after ")
                    .append(autoRefresh.toMinutes())
                    .append(" min without a tap. Tap Refresh to resume.");
        } else {
            t.append("<i>Updates live while you use the bot.</i>");
        }
        List<List<Keyboard.Button>> rows = new ArrayList<>();
        if (pages > 1) {
            List<Keyboard.Button> nav = new ArrayList<>();
            if (page > 0) {
                nav.add(Keyboard.button("◀ Prev", "pg:" + (page - 1)));
            }
            if (page < pages - 1) {
                nav.add(Keyboard.button("Next ▶", "pg:" + (page + 1)));
            }
            rows.add(nav);
        }
        rows.add(List.of(Keyboard.button("🔄 Refresh", "rf")));
        Keyboard keyboard = Keyboard.rows(rows);
        String text = Html.clip(t.toString());
        return new Rendered(text, keyboard, page, hash(text + "|" + keyboard));
    }

    static String hash(String text) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of()
                    .formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
