package dev.polystream.gateway.command;

import static dev.polystream.gateway.command.BuyCommand.action;

import dev.polystream.gateway.notify.LiveCards;
import dev.polystream.gateway.telegram.ChatMessage;
import java.util.List;

/** {@code /positions}: the live card of the trader's active positions, edited as prices move. */
public final class PositionsCommand implements Command, CommandRegistry.ButtonActions {

    private final LiveCards cards;

    public PositionsCommand(LiveCards cards) {
        this.cards = cards;
    }

    @Override
    public String name() {
        return "positions";
    }

    @Override
    public String arguments() {
        return "";
    }

    @Override
    public String description() {
        return "Your positions with live P&L (the card updates itself)";
    }

    @Override
    public void run(ChatMessage message, List<String> args, Chat chat) {
        cards.show(chat.chatId(), message.userId());
    }

    @Override
    public List<ButtonAction> buttonActions() {
        return List.of(
                action(
                        "pg:([0-9]{1,4})",
                        (press, m, chat) ->
                                cards.turnPage(
                                        press.chatId(),
                                        press.userId(),
                                        press.messageId(),
                                        Integer.parseInt(m.group(1)))),
                action(
                        "rf",
                        (press, m, chat) ->
                                cards.refresh(press.chatId(), press.userId(), press.messageId())));
    }
}
