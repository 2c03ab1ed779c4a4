package dev.polystream.gateway.telegram;

/**
 * A tap on one of the bot's inline buttons. {@code data} is whatever the client sent: never
 * trusted, validated against the action's pattern and checked against the trader server-side.
 */
public record ButtonPress(
        String callbackId, long chatId, long userId, long messageId, String data) {}
