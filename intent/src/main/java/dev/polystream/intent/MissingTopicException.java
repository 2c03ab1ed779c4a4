package dev.polystream.intent;

/**
 * A project topic does not exist and creating it is not allowed. An expected failure: the message
 * is one line naming the topic and the keys that allow creating it.
 */
public final class MissingTopicException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public MissingTopicException(String message) {
        super(message);
    }
}
