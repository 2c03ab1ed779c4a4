package dev.polystream.gateway.credentials;

/**
 * Told when a trader's credentials are kept or dropped, so their user channel can be opened or
 * closed. The integrator implements it with the user channel; the bot's default does nothing.
 */
public interface TraderConnections {

    /** Credentials were checked and stored (possibly replacing older ones for the wallet). */
    void connected(StoredCredentials credentials);

    /** The trader's credentials for the wallet were deleted. */
    void disconnected(long userId, String wallet);

    /** Does nothing. */
    TraderConnections NONE =
            new TraderConnections() {
                @Override
                public void connected(StoredCredentials credentials) {}

                @Override
                public void disconnected(long userId, String wallet) {}
            };
}
