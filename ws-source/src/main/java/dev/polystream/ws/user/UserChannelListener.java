package dev.polystream.ws.user;

/**
 * What one trader's user-channel subscription reports. Called on the client's event loop: do not
 * block in it (hand work to another thread). An exception thrown here is logged and ignored.
 */
public interface UserChannelListener {

    /**
     * The subscription is believed good: a first frame arrived, or the socket survived the auth
     * failure window.
     *
     * @param afterReconnect false the first time, true after a reconnect (fills may have been
     *     missed: reconcile through REST {@code /data/trades})
     */
    void onConnected(boolean afterReconnect);

    void onTrade(UserTrade trade);

    void onOrder(UserOrder order);

    /** An element of a frame could not be read: one line, no secret. */
    void onMalformed(String detail);

    /**
     * A socket that had been {@link #onConnected connected} ended; a reconnect follows after the
     * back-off.
     */
    void onDisconnected(String reason);

    /**
     * The credentials were refused: the configured number of sockets in a row closed within the
     * window with no frame at all. Called once; no more reconnects.
     */
    void onAuthRejected();
}
