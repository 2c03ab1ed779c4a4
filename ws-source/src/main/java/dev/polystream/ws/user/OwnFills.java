package dev.polystream.ws.user;

import dev.polystream.ws.protocol.Side;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Finds the trader's own legs in a trade (§16). As taker ({@code trader_side} {@code TAKER}), the
 * top-level side, size, price and token are theirs: one leg. As maker, their legs are the {@code
 * maker_orders} entries with their API key as {@code owner} or one of their wallets as {@code
 * maker_address}: each entry's matched amount, price and token (possibly the complementary token),
 * and its side, or when absent the side derived from the taker's: opposite on the same token, the
 * same on the complementary one (both buy: a mint; both sell: a merge). A row that names no {@code
 * trader_side}: its own maker entries, else the taker leg when its {@code trade_owner} is the key.
 */
public final class OwnFills {

    private OwnFills() {}

    /**
     * @param apiKey the trader's API key (the user channel's {@code owner})
     * @param addresses the trader's wallet addresses, any case
     */
    public static List<OwnFill> of(UserTrade trade, String apiKey, Collection<String> addresses) {
        Objects.requireNonNull(trade, "trade");
        Set<String> wallets = new HashSet<>();
        if (addresses != null) {
            for (String a : addresses) {
                if (a != null) {
                    wallets.add(a.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        String key = apiKey == null ? "" : apiKey.strip();
        List<OwnFill> fills = new ArrayList<>();
        if (!trade.isTaker()) {
            for (MakerOrder m : trade.makerOrders()) {
                boolean mine =
                        (!key.isEmpty() && key.equals(m.owner()))
                                || wallets.contains(lower(m.makerAddress()));
                if (mine) {
                    fills.add(makerLeg(trade, m));
                }
            }
        }
        boolean maker = "MAKER".equals(trade.traderSide());
        if (trade.isTaker() || (!maker && fills.isEmpty())) {
            // Taker, or a row that does not say which side it is for (taken by its taker key).
            String takerKey = trade.isTaker() ? trade.owner() : "";
            boolean mine =
                    (!key.isEmpty() && (key.equals(takerKey) || key.equals(trade.tradeOwner())))
                            || (trade.isTaker() && wallets.contains(lower(trade.makerAddress())));
            if (mine) {
                fills.add(takerLeg(trade));
            }
        }
        return fills;
    }

    private static OwnFill takerLeg(UserTrade trade) {
        return new OwnFill(
                trade.id(),
                trade.takerOrderId(),
                trade.status(),
                true,
                trade.market(),
                trade.assetId(),
                trade.outcome(),
                trade.side(),
                trade.size(),
                trade.price(),
                trade.matchTime());
    }

    private static OwnFill makerLeg(UserTrade trade, MakerOrder m) {
        return new OwnFill(
                trade.id(),
                m.orderId(),
                trade.status(),
                false,
                trade.market(),
                m.assetId().isEmpty() ? trade.assetId() : m.assetId(),
                m.outcome(),
                makerSide(trade, m),
                m.matchedAmount(),
                m.price(),
                trade.matchTime());
    }

    /** The maker's side as sent, else derived from the taker's side and the token. */
    static Side makerSide(UserTrade trade, MakerOrder m) {
        if (m.side() != null) {
            return m.side();
        }
        boolean sameToken = m.assetId().isEmpty() || m.assetId().equals(trade.assetId());
        return sameToken ? trade.side().opposite() : trade.side();
    }

    private static String lower(String address) {
        return address == null ? "" : address.strip().toLowerCase(Locale.ROOT);
    }
}
