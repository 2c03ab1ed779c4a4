package dev.polystream.gateway.command;

import dev.polystream.gateway.notify.Html;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * The bot's commands and button actions. It builds /help and the command menu from the commands
 * themselves, so they cannot disagree.
 */
public final class CommandRegistry {

    private final Map<String, Command> commands = new LinkedHashMap<>();
    private final List<ButtonAction> actions = new ArrayList<>();

    public CommandRegistry register(Command command) {
        if (!command.name().matches("[a-z][a-z0-9_]{0,31}")) {
            throw new IllegalArgumentException("Bad command name '" + command.name() + "'");
        }
        if (commands.putIfAbsent(command.name(), command) != null) {
            throw new IllegalArgumentException("Command /" + command.name() + " registered twice");
        }
        if (command instanceof ButtonActions owner) {
            actions.addAll(owner.buttonActions());
        }
        return this;
    }

    public Optional<Command> find(String name) {
        return Optional.ofNullable(commands.get(name));
    }

    public List<Command> commands() {
        return List.copyOf(commands.values());
    }

    /** The action whose pattern matches the whole data, with the match. */
    public Optional<Map.Entry<ButtonAction, Matcher>> action(String data) {
        for (ButtonAction action : actions) {
            Matcher m = action.pattern().matcher(data);
            if (m.matches()) {
                return Optional.of(Map.entry(action, m));
            }
        }
        return Optional.empty();
    }

    /** The /help text: every command with its arguments and description. */
    public String help() {
        StringBuilder text = new StringBuilder("<b>What I can do</b>\n");
        for (Command c : commands.values()) {
            text.append("\n")
                    .append(Html.escape(c.usage()))
                    .append(" — ")
                    .append(Html.escape(c.description()));
        }
        text.append(
                "\n\nPaste a polymarket.com market or event link to open its card. Orders are"
                        + " paper trades filled at the live top of book.");
        return text.toString();
    }

    /** The command menu: (name, description) pairs. */
    public List<String[]> menu() {
        List<String[]> menu = new ArrayList<>();
        for (Command c : commands.values()) {
            menu.add(new String[] {c.name(), c.description()});
        }
        return menu;
    }

    /** A command that also owns inline buttons. */
    public interface ButtonActions {
        List<ButtonAction> buttonActions();
    }
}
