package dev.polystream.gateway.command;

import static dev.polystream.gateway.command.BuyCommand.action;

import dev.polystream.gateway.domain.Alert;
import dev.polystream.gateway.service.AlertService;
import dev.polystream.gateway.telegram.ChatMessage;
import dev.polystream.gateway.telegram.Keyboard;
import java.util.ArrayList;
import java.util.List;

/** {@code /alerts}: the trader's alerts, each with a delete button. */
public final class AlertsCommand implements Command, CommandRegistry.ButtonActions {

    static final int MAX_LISTED = 30;

    private final AlertService alerts;

    public AlertsCommand(AlertService alerts) {
        this.alerts = alerts;
    }

    @Override
    public String name() {
        return "alerts";
    }

    @Override
    public String arguments() {
        return "";
    }

    @Override
    public String description() {
        return "List your alerts (with delete buttons)";
    }

    @Override
    public void run(ChatMessage message, List<String> args, Chat chat) {
        Rendered r = render(message.userId());
        chat.reply(r.text(), r.keyboard());
    }

    record Rendered(String text, Keyboard keyboard) {}

    Rendered render(long userId) {
        List<Alert> list = alerts.list(userId, MAX_LISTED);
        if (list.isEmpty()) {
            return new Rendered(
                    "You have no alerts. Set one with /alert, e.g. /alert 12 pnl +10%.",
                    Keyboard.NONE);
        }
        StringBuilder text = new StringBuilder("<b>🔔 Your alerts</b>\n");
        List<List<Keyboard.Button>> rows = new ArrayList<>();
        List<Keyboard.Button> row = new ArrayList<>();
        for (Alert a : list) {
            text.append("\n#")
                    .append(a.id())
                    .append(" ")
                    .append(AlertCommand.describe(a))
                    .append(a.isArmed() ? "" : " — fired");
            row.add(Keyboard.button("🗑 #" + a.id(), "ad:" + a.id()));
            if (row.size() == 4) {
                rows.add(row);
                row = new ArrayList<>();
            }
        }
        rows.add(row);
        return new Rendered(text.toString(), Keyboard.rows(rows));
    }

    @Override
    public List<ButtonAction> buttonActions() {
        return List.of(
                action(
                        "ad:([0-9]{1,18})",
                        (press, m, chat) -> {
                            alerts.delete(press.userId(), Long.parseLong(m.group(1)));
                            Rendered r = render(press.userId());
                            chat.edit(press.messageId(), r.text(), r.keyboard());
                            return "Alert #" + m.group(1) + " deleted";
                        }));
    }
}
