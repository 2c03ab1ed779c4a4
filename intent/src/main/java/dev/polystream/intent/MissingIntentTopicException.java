package dev.polystream.intent;

/**
 * The subscription-intent topic does not exist and creating it is not allowed. An expected failure:
 * the message is one line naming the topic and the key that allows creating it.
 */
public final class MissingIntentTopicException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public MissingIntentTopicException(String message) {
        super(message);
    }
}
