package dev.polystream.gateway.command;

import static dev.polystream.gateway.command.BuyCommand.action;

import dev.polystream.gateway.domain.Position;
import dev.polystream.gateway.domain.Sale;
import dev.polystream.gateway.notify.Html;
import dev.polystream.gateway.service.TradingService;
import dev.polystream.gateway.telegram.ChatMessage;
import dev.polystream.gateway.telegram.Keyboard;
import java.math.BigDecimal;
import java.util.List;

/**
 * {@code /sell <position id> [percent]}: fills at the best bid and records the realized P&L; 100 %
 * closes the position. Without a percentage, offers 25 / 50 / 100 % buttons.
 */
public final class SellCommand implements Command, CommandRegistry.ButtonActions {

    private final TradingService trading;

    public SellCommand(TradingService trading) {
        this.trading = trading;
    }

    @Override
    public String name() {
        return "sell";
    }

    @Override
    public String arguments() {
        return "<position id> [percent]";
    }

    @Override
    public String description() {
        return "Sell part or all of a position at the best bid";
    }

    @Override
    public void run(ChatMessage message, List<String> args, Chat chat) {
        Args.count(args, 1, 2, usage() + ", e.g. /sell 12 50");
        long id = Args.id("position id", args.get(0));
        if (args.size() == 1) {
            Position p = trading.ownActivePosition(message.userId(), id);
            chat.reply(
                    "Sell how much of position #"
                            + p.id()
                            + " ("
                            + Html.shares(p.amount())
                            + " shares of "
                            + Html.escape(p.outcome(), 60)
                            + " at "
                            + Html.cents(p.entryPrice())
                            + ")?",
                    Keyboard.of(
                            List.of(
                                    Keyboard.button("25%", "s:" + id + ":25"),
                                    Keyboard.button("50%", "s:" + id + ":50"),
                                    Keyboard.button("100%", "s:" + id + ":100"))));
            return;
        }
        BigDecimal percent = Args.percent(args.get(1));
        chat.reply(text(trading.sell(message.userId(), id, percent)));
    }

    static String text(Sale sale) {
        Position p = sale.position();
        return "💰 <b>Sold</b> "
                + Html.shares(sale.shares())
                + " shares of "
                + Html.escape(p.outcome(), 60)
                + " (position #"
                + p.id()
                + ") at "
                + Html.cents(sale.price())
                + " for "
                + Html.usd(sale.proceeds(), false)
                + ".\nRealized P&amp;L: <b>"
                + Html.usd(sale.realizedPnl(), true)
                + "</b>"
                + (sale.closed()
                        ? "\nPosition #" + p.id() + " is closed."
                        : "\n" + Html.shares(p.amount()) + " shares remain.");
    }

    @Override
    public List<ButtonAction> buttonActions() {
        return List.of(
                action(
                        "s:([0-9]{1,18}):(25|50|100)",
                        (press, m, chat) -> {
                            Sale sale =
                                    trading.sell(
                                            press.userId(),
                                            Long.parseLong(m.group(1)),
                                            new BigDecimal(m.group(2)));
                            chat.edit(press.messageId(), text(sale), Keyboard.NONE);
                            return "Sold";
                        }));
    }
}
