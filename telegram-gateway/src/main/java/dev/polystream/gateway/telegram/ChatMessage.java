package dev.polystream.gateway.telegram;

/** A text message a trader sent the bot, reduced to what the commands need. */
public record ChatMessage(
        long chatId, long userId, String username, String firstName, long messageId, String text) {}
