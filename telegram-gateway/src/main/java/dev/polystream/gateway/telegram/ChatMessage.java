package dev.polystream.gateway.telegram;

/**
 * A text message a trader sent the bot, reduced to what the commands need.
 *
 * @param chatType Telegram's {@code chat.type} ({@code private}, {@code group}, {@code supergroup},
 *     {@code channel}); null when unknown
 */
public record ChatMessage(
        long chatId,
        long userId,
        String username,
        String firstName,
        long messageId,
        String text,
        String chatType) {

    /** A message whose chat type is not known (tests and older callers). */
    public ChatMessage(
            long chatId,
            long userId,
            String username,
            String firstName,
            long messageId,
            String text) {
        this(chatId, userId, username, firstName, messageId, text, null);
    }

    /** Whether it was sent in the trader's one-to-one chat with the bot. */
    public boolean isPrivate() {
        return "private".equals(chatType);
    }
}
