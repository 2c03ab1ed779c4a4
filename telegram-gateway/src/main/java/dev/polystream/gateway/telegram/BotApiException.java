package dev.polystream.gateway.telegram;

/** A Bot API call failed; {@link #kind()} tells the caller what to do about it. */
public final class BotApiException extends Exception {

    /** How a failure should be handled. */
    public enum Kind {
        /** HTTP 429: wait exactly {@link #retryAfterSeconds()} and try again. */
        RATE_LIMITED,
        /** "message is not modified": the edit is already in place; a success. */
        NOT_MODIFIED,
        /** 5xx, a network failure or an unreadable answer: retry with back-off. */
        TRANSIENT,
        /** Any other 4xx (bad request, blocked by the user, message gone): do not retry. */
        PERMANENT
    }

    private final Kind kind;
    private final int errorCode;
    private final int retryAfterSeconds;

    public BotApiException(Kind kind, int errorCode, int retryAfterSeconds, String message) {
        super(message);
        this.kind = kind;
        this.errorCode = errorCode;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Kind kind() {
        return kind;
    }

    /** Telegram's {@code error_code}, 0 when there was no answer. */
    public int errorCode() {
        return errorCode;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
