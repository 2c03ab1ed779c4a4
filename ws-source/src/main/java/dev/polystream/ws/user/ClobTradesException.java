package dev.polystream.ws.user;

/**
 * A {@code /data/trades} request failed: the credentials were refused ({@link #rejected()}, HTTP
 * 401 or 403), or the CLOB could not answer (a transport error, 5xx, 429, an unreadable body). The
 * message is one line and never holds a secret.
 */
public final class ClobTradesException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    ClobTradesException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** Whether the CLOB refused the credentials (401 or 403). */
    public boolean rejected() {
        return status == 401 || status == 403;
    }

    /** The HTTP status; 0 when no response came. */
    public int status() {
        return status;
    }
}
