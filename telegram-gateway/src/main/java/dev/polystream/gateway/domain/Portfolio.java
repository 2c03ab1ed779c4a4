package dev.polystream.gateway.domain;

import java.util.List;

/** What one trader's card shows: their linked wallets' real positions, and their paper ones. */
public record Portfolio(List<WalletView> wallets, List<PositionView> paper) {

    public int positionCount() {
        return paper.size() + wallets.stream().mapToInt(w -> w.positions().size()).sum();
    }
}
