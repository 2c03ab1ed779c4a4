package dev.polystream.gateway.domain;

import java.time.Instant;
import java.util.List;

/**
 * One of a trader's linked wallets with its active positions and totals, for the card and /wallets.
 *
 * @param name the public profile name, when any
 * @param syncedAt the last successful sync as stored (the sync's own, fresher clock is in {@link
 *     WalletSyncStatus})
 */
public record WalletView(
        WalletAddress address,
        String name,
        Instant linkedAt,
        Instant syncedAt,
        List<PositionView> positions,
        WalletTotals totals) {}
