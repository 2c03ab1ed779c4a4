package dev.polystream.ws.user;

/**
 * One trader's live user-channel subscription: closing it closes its socket and stops reconnects.
 */
public interface UserChannelSubscription extends AutoCloseable {

    @Override
    void close();

    /** False once closed or once its credentials were rejected. */
    boolean isOpen();
}
