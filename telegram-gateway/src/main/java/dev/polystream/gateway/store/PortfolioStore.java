package dev.polystream.gateway.store;

import dev.polystream.gateway.domain.Portfolio;
import dev.polystream.gateway.domain.Position;
import dev.polystream.gateway.domain.PositionSource;
import dev.polystream.gateway.domain.PositionView;
import dev.polystream.gateway.domain.TokenPrice;
import dev.polystream.gateway.domain.WalletAddress;
import dev.polystream.gateway.domain.WalletTotals;
import dev.polystream.gateway.domain.WalletView;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a trader's card: the active positions they see (paper, and the holdings of their linked
 * wallets) priced at their tokens' latest prices, and each wallet's totals. Value and P&L come from
 * the schema's functions (one definition, shared with the job and the alerts).
 */
public final class PortfolioStore {

    /** The price a position is marked at: the token's latest, else what the job last wrote. */
    private static final String PRICE = "COALESCE(tp.price, p.current_price)";

    private static final String ACTIVE =
            "SELECT p.id, p.user_id, p.market_id, p.token_id, p.outcome, p.amount,"
                    + " p.entry_price, p.status, p.opened_at, p.current_price, p.pnl_amount,"
                    + " p.pnl_percentage, p.closed_at, p.exit_price, p.realized_pnl, p.source,"
                    + " p.wallet, p.cost_basis, m.question,"
                    + " tp.token_id AS tp_token_id, tp.price, tp.best_bid, tp.best_ask,"
                    + " tp.last_trade_price, tp.source AS tp_source,"
                    + " greatest(tp.exchange_ts, tp.confirmed_at) AS as_of,"
                    + " (extract(epoch FROM clock_timestamp() - greatest(tp.exchange_ts,"
                    + " tp.confirmed_at)) * 1000)::bigint AS age_ms,"
                    + " position_value(p.amount, PRICE) AS view_value,"
                    + " position_pnl_amount(p.amount, PRICE, p.cost_basis) AS view_pnl,"
                    + " position_pnl_percentage(p.amount, PRICE, p.cost_basis) AS view_pnl_pct"
                    + " FROM positions p"
                    + " LEFT JOIN token_prices tp ON tp.token_id = p.token_id"
                    + " LEFT JOIN markets m ON m.id = p.market_id"
                    + " WHERE p.status = 'active' AND (p.user_id = ?"
                    + " OR p.wallet IN (SELECT l.wallet FROM wallet_links l WHERE l.user_id = ?))"
                    + " ORDER BY p.source = 'wallet', p.wallet, p.id";

    private static final String WALLETS =
            "SELECT l.wallet, w.name, l.linked_at, w.synced_at,"
                    + " coalesce(sum(position_value(p.amount, PRICE))"
                    + "   FILTER (WHERE p.status = 'active'), 0) AS value,"
                    + " coalesce(sum(position_pnl_amount(p.amount, PRICE, p.cost_basis))"
                    + "   FILTER (WHERE p.status = 'active'), 0) AS unrealized,"
                    + " coalesce(sum(p.realized_pnl), 0) AS realized,"
                    + " count(p.id) FILTER (WHERE p.status = 'active') AS open,"
                    + " count(p.id) FILTER (WHERE p.status = 'active' AND PRICE IS NULL)"
                    + "   AS unpriced,"
                    + " count(p.id) FILTER (WHERE p.status = 'resolved' AND p.redeemable)"
                    + "   AS to_redeem,"
                    + " coalesce(sum(position_value(p.amount, coalesce(p.exit_price,"
                    + "   p.current_price))) FILTER (WHERE p.status = 'resolved'"
                    + "   AND p.redeemable), 0) AS redeem_payout"
                    + " FROM wallet_links l JOIN wallets w ON w.address = l.wallet"
                    + " LEFT JOIN positions p ON p.wallet = l.wallet AND p.source = 'wallet'"
                    + " LEFT JOIN token_prices tp ON tp.token_id = p.token_id"
                    + " WHERE l.user_id = ?"
                    + " GROUP BY l.wallet, w.name, l.linked_at, w.synced_at"
                    + " ORDER BY l.linked_at, l.wallet";

    private PortfolioStore() {}

    /** The trader's card: linked wallets (in link order) with their positions, then paper. */
    public static Portfolio read(Connection connection, long userId) throws SQLException {
        Map<String, List<PositionView>> byWallet = new LinkedHashMap<>();
        List<PositionView> paper = new ArrayList<>();
        for (PositionView view : active(connection, userId)) {
            if (view.position().source() == PositionSource.WALLET) {
                byWallet.computeIfAbsent(view.position().wallet(), w -> new ArrayList<>())
                        .add(view);
            } else {
                paper.add(view);
            }
        }
        List<WalletView> wallets = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(WALLETS.replace("PRICE", PRICE))) {
            ps.setLong(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String address = rs.getString("wallet");
                    wallets.add(
                            new WalletView(
                                    new WalletAddress(address),
                                    rs.getString("name"),
                                    PositionStore.instant(rs, "linked_at"),
                                    PositionStore.instant(rs, "synced_at"),
                                    List.copyOf(byWallet.getOrDefault(address, List.of())),
                                    new WalletTotals(
                                            rs.getBigDecimal("value"),
                                            rs.getBigDecimal("unrealized"),
                                            rs.getBigDecimal("realized"),
                                            rs.getInt("open"),
                                            rs.getInt("unpriced"),
                                            rs.getInt("to_redeem"),
                                            rs.getBigDecimal("redeem_payout"))));
                }
            }
        }
        return new Portfolio(List.copyOf(wallets), List.copyOf(paper));
    }

    /** Every active position the trader sees, paper first, then by wallet. */
    public static List<PositionView> active(Connection connection, long userId)
            throws SQLException {
        List<PositionView> views = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(ACTIVE.replace("PRICE", PRICE))) {
            ps.setLong(1, userId);
            ps.setLong(2, userId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    views.add(view(rs));
                }
            }
        }
        return views;
    }

    private static PositionView view(ResultSet rs) throws SQLException {
        Position position = PositionStore.read(rs);
        TokenPrice price = null;
        if (rs.getString("tp_token_id") != null) {
            long ageMs = rs.getLong("age_ms");
            boolean noAge = rs.wasNull();
            price =
                    new TokenPrice(
                            rs.getString("tp_token_id"),
                            rs.getBigDecimal("price"),
                            rs.getBigDecimal("best_bid"),
                            rs.getBigDecimal("best_ask"),
                            rs.getBigDecimal("last_trade_price"),
                            rs.getString("tp_source"),
                            PositionStore.instant(rs, "as_of"),
                            noAge ? null : Duration.ofMillis(Math.max(0, ageMs)));
        }
        BigDecimal value = rs.getBigDecimal("view_value");
        return new PositionView(
                position,
                price,
                rs.getString("question"),
                value,
                rs.getBigDecimal("view_pnl"),
                rs.getBigDecimal("view_pnl_pct"));
    }
}
