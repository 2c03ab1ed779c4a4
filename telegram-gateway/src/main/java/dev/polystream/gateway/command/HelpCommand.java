package dev.polystream.gateway.command;

import dev.polystream.gateway.telegram.ChatMessage;
import java.util.List;
import java.util.function.Supplier;

/** {@code /help}: the registry's own list of commands. */
public final class HelpCommand implements Command {

    private final Supplier<String> help;

    public HelpCommand(Supplier<String> help) {
        this.help = help;
    }

    @Override
    public String name() {
        return "help";
    }

    @Override
    public String arguments() {
        return "";
    }

    @Override
    public String description() {
        return "List the commands";
    }

    @Override
    public void run(ChatMessage message, List<String> args, Chat chat) {
        chat.reply(help.get());
    }
}
