package dev.polystream.gateway.command;

import dev.polystream.gateway.notify.Html;
import dev.polystream.gateway.service.PositionService;
import dev.polystream.gateway.telegram.ChatMessage;
import java.util.List;

/** {@code /start}: registers the trader. */
public final class StartCommand implements Command {

    private final PositionService positions;

    public StartCommand(PositionService positions) {
        this.positions = positions;
    }

    @Override
    public String name() {
        return "start";
    }

    @Override
    public String arguments() {
        return "";
    }

    @Override
    public String description() {
        return "Register and see what the bot does";
    }

    @Override
    public void run(ChatMessage message, List<String> args, Chat chat) {
        positions.registerUser(
                message.userId(), clip(message.username()), clip(message.firstName()));
        String name = message.firstName() == null ? "trader" : message.firstName();
        chat.reply(
                "👋 Welcome, "
                        + Html.escape(name, 64)
                        + "! You are registered.\n\n"
                        + "Find a market with /markets &lt;words&gt; or paste a polymarket.com link,"
                        + " buy with the card's buttons or /buy, and follow your P&amp;L live with"
                        + " /positions. Alerts: /alert. Charts: /chart. All commands: /help.\n\n"
                        + "Trades here are paper trades, filled at the live top of book.");
    }

    private static String clip(String text) {
        return text == null || text.length() <= 64 ? text : text.substring(0, 64);
    }
}
