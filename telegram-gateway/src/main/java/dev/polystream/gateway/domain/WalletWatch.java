package dev.polystream.gateway.domain;

/**
 * What the card needs from the wallet sync: the in-memory status of a wallet, and a way to say a
 * trader is looking (their wallets are then refreshed soon and at the active cadence).
 */
public interface WalletWatch {

    /** The wallet's sync status; {@link WalletSyncStatus#NEVER} when it was never synced here. */
    WalletSyncStatus status(String wallet);

    /** The trader asked for their positions: refresh their wallets soon (debounced). */
    void looking(long userId);

    /** No wallet sync (tests of the paper-only card). */
    WalletWatch NONE =
            new WalletWatch() {
                @Override
                public WalletSyncStatus status(String wallet) {
                    return WalletSyncStatus.NEVER;
                }

                @Override
                public void looking(long userId) {}
            };
}
