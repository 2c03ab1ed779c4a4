package dev.polystream.gateway.notify;

import dev.polystream.gateway.domain.Portfolio;
import dev.polystream.gateway.domain.Position;
import dev.polystream.gateway.domain.PositionView;
import dev.polystream.gateway.domain.WalletSyncStatus;
import dev.polystream.gateway.domain.WalletTotals;
import dev.polystream.gateway.domain.WalletView;
import dev.polystream.gateway.telegram.Keyboard;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/**
 * The text and buttons of the /positions card: each linked wallet's real positions under a header
 * with its totals, the age of its holdings and how our numbers compared with Polymarket's at the
 * last sync; then the paper positions. Nothing in it changes by itself from one second to the next
 * (ages are coarse), so an unchanged hash means nothing visible changed.
 */
public final class PositionsCard {

    /** A rendered card and the hash that decides whether an edit is needed. */
    public record Rendered(String text, Keyboard keyboard, int page, String hash) {}

    /** How the card is drawn: page size, when a price is stale, whether refreshing stopped. */
    public record Layout(int pageSize, Duration maxAge, boolean paused, Duration autoRefresh) {}

    /** One line group of a page: a wallet's header, or a position under its group. */
    private record Item(WalletView wallet, PositionView position) {}

    private PositionsCard() {}

    /**
     * @param statuses the sync's in-memory status of a wallet (never null; {@link
     *     WalletSyncStatus#NEVER} when unknown)
     */
    public static Rendered render(
            Portfolio portfolio,
            Function<String, WalletSyncStatus> statuses,
            int requestedPage,
            Layout layout,
            Instant now) {
        List<Item> items = items(portfolio);
        int pageSize = layout.pageSize();
        int pages = Math.max(1, (items.size() + pageSize - 1) / pageSize);
        int page = Math.max(0, Math.min(requestedPage, pages - 1));
        StringBuilder t = new StringBuilder();
        t.append("<b>📊 Your positions</b>");
        if (items.isEmpty()) {
            t.append(
                    "\n\nNo open positions. Link your Polymarket wallet with /link, or find a"
                            + " market with /markets or paste a link.");
        } else {
            t.append(" (").append(portfolio.positionCount()).append(")");
            if (pages > 1) {
                t.append(" · page ").append(page + 1).append("/").append(pages);
            }
            t.append("\n");
            int from = page * pageSize;
            Object group = null;
            for (Item item : items.subList(from, Math.min(items.size(), from + pageSize))) {
                Object itemGroup = item.wallet() == null ? "paper" : item.wallet().address();
                if (!itemGroup.equals(group)) {
                    group = itemGroup;
                    if (item.wallet() == null) {
                        if (!portfolio.wallets().isEmpty()) {
                            t.append("\n<b>📝 Paper trades</b>\n");
                        }
                    } else {
                        walletHeader(
                                t,
                                item.wallet(),
                                statuses.apply(item.wallet().address().value()),
                                now);
                    }
                }
                if (item.position() != null) {
                    position(t, item.position(), layout.maxAge());
                }
            }
        }
        t.append("\n");
        if (layout.paused()) {
            t.append("⏸ Auto-refresh stopped after ")
                    .append(layout.autoRefresh().toMinutes())
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

    /** Wallets first (a wallet without open positions still shows its header), then paper. */
    private static List<Item> items(Portfolio portfolio) {
        List<Item> items = new ArrayList<>();
        for (WalletView wallet : portfolio.wallets()) {
            if (wallet.positions().isEmpty()) {
                items.add(new Item(wallet, null));
            }
            for (PositionView v : wallet.positions()) {
                items.add(new Item(wallet, v));
            }
        }
        for (PositionView v : portfolio.paper()) {
            items.add(new Item(null, v));
        }
        return items;
    }

    private static void walletHeader(
            StringBuilder t, WalletView w, WalletSyncStatus status, Instant now) {
        WalletTotals totals = w.totals();
        t.append("\n<b>👛 ").append(w.address().shortForm()).append("</b>");
        if (w.name() != null && !w.name().isBlank()) {
            t.append(" · ").append(Html.escape(w.name(), 40));
        }
        t.append("\nValue ")
                .append(Html.usd(totals.value(), false))
                .append(" · unrealized ")
                .append(Html.usd(totals.unrealized(), true))
                .append(" · realized ")
                .append(Html.usd(totals.realized(), true))
                .append(" · total <b>")
                .append(Html.usd(totals.total(), true))
                .append("</b>");
        if (totals.unpriced() > 0) {
            t.append(" (").append(totals.unpriced()).append(" not priced yet)");
        }
        Instant synced = status.lastSuccess() != null ? status.lastSuccess() : w.syncedAt();
        t.append("\n");
        if (synced == null) {
            t.append(status.failing() ? "⚠️ holdings not read yet" : "⏳ reading holdings…");
        } else {
            t.append("Holdings ").append(holdingsAge(Duration.between(synced, now))).append(" old");
            BigDecimal diff = status.difference();
            if (diff != null) {
                t.append(" · vs Polymarket ")
                        .append(Html.usd(status.comparedPolymarket(), false))
                        .append(": Δ ")
                        .append(Html.usd(diff, true));
                if (status.compared() < status.holdings()) {
                    t.append(" (")
                            .append(status.holdings() - status.compared())
                            .append(" unpriced)");
                }
            }
        }
        if (status.failing()) {
            t.append("\n⚠️ Sync failing for ")
                    .append(holdingsAge(Duration.between(status.failingSince(), now)))
                    .append(": ")
                    .append(Html.escape(status.lastError(), 80))
                    .append(synced == null ? "" : "; showing the last holdings");
        }
        if (totals.toRedeem() > 0) {
            t.append("\n🏁 ")
                    .append(totals.toRedeem())
                    .append(" resolved, ")
                    .append(Html.usd(totals.redeemPayout(), false))
                    .append(" to redeem on polymarket.com");
        }
        if (status.skipped() > 0) {
            t.append("\n(")
                    .append(status.skipped())
                    .append(" holding(s) not tracked: combo or unreadable)");
        }
        if (totals.open() == 0) {
            t.append("\nNo open positions.");
        }
        t.append("\n");
    }

    private static void position(StringBuilder t, PositionView v, Duration maxAge) {
        Position p = v.position();
        t.append("\n<b>#")
                .append(p.id())
                .append(" ")
                .append(Html.escape(p.outcome(), 40))
                .append("</b> · ")
                .append(
                        Html.escape(
                                v.question() == null ? "market " + market(p) : v.question(), 90));
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
                    .append(Html.escape(v.price().source() == null ? "?" : v.price().source(), 10));
        }
        t.append("\n");
    }

    private static String market(Position p) {
        return p.marketId() == null ? "of token …" + tail(p.tokenId()) : p.marketId();
    }

    private static String tail(String token) {
        return token == null || token.length() <= 8
                ? String.valueOf(token)
                : token.substring(token.length() - 8);
    }

    /**
     * Coarser than prices: holdings of a wallet someone looks at are re-read every 15 s, and an age
     * that flips between "&lt;10s" and "&lt;30s" would edit the card for nothing.
     */
    public static String holdingsAge(Duration age) {
        return age.toSeconds() < 60 ? "&lt;1m" : Html.age(age);
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
