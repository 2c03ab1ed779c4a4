package dev.polystream.gateway.command;

import dev.polystream.gateway.telegram.ChatMessage;
import java.util.List;

/** One slash command. Implementations parse their arguments into values and call the services. */
public interface Command {

    /** The command without the slash, lower case: {@code buy}. */
    String name();

    /** The argument synopsis for /help, e.g. {@code <market> <outcome> <usdc>}; empty for none. */
    String arguments();

    /** One line for /help and the command menu (3-256 characters). */
    String description();

    /**
     * Runs the command.
     *
     * @param args the words after the command (split on whitespace)
     * @throws dev.polystream.gateway.domain.DomainException with a message for the trader when it
     *     refuses; nothing was changed
     */
    void run(ChatMessage message, List<String> args, Chat chat);

    /**
     * Whether a message carrying arguments for this command holds secrets: the router then deletes
     * it from the chat before anything else (rate limit, size limit, the command itself).
     */
    default boolean secretArguments() {
        return false;
    }

    default String usage() {
        return "/" + name() + (arguments().isEmpty() ? "" : " " + arguments());
    }
}
