package dev.polystream.ws.gamma;

/** Gamma could not be reached, answered with an error status, or sent something unreadable. */
public final class GammaException extends RuntimeException {

    private final int status;

    public GammaException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status, or 0 when no response arrived (connection failure, timeout). */
    public int status() {
        return status;
    }
}
