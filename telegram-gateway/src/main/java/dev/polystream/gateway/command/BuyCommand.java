package dev.polystream.gateway.command;

import dev.polystream.gateway.catalog.MarketCatalog;
import dev.polystream.gateway.domain.Fill;
import dev.polystream.gateway.domain.InvalidInputException;
import dev.polystream.gateway.domain.Market;
import dev.polystream.gateway.domain.NotFoundException;
import dev.polystream.gateway.domain.Quote;
import dev.polystream.gateway.notify.Html;
import dev.polystream.gateway.service.TradingService;
import dev.polystream.gateway.telegram.ButtonPress;
import dev.polystream.gateway.telegram.ChatMessage;
import dev.polystream.gateway.telegram.Keyboard;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /buy <market id | slug | link> <outcome> <usdc>}: a confirmation with shares, price and
 * cost, then Confirm fills at the best ask of that moment. The market card's Buy buttons lead here
 * too (with preset amounts).
 */
public final class BuyCommand implements Command, CommandRegistry.ButtonActions {

    static final List<String> PRESETS = List.of("10", "25", "50", "100");

    private final MarketCatalog catalog;
    private final TradingService trading;

    public BuyCommand(MarketCatalog catalog, TradingService trading) {
        this.catalog = catalog;
        this.trading = trading;
    }

    @Override
    public String name() {
        return "buy";
    }

    @Override
    public String arguments() {
        return "<market id | slug | link> <outcome> <usdc>";
    }

    @Override
    public String description() {
        return "Buy an outcome (paper trade at the best ask)";
    }

    @Override
    public void run(ChatMessage message, List<String> args, Chat chat) {
        Args.count(args, 3, 3, usage() + ", e.g. /buy will-it-rain Yes 25");
        BigDecimal usdc = Args.usdc(args.get(2));
        Market market = catalog.resolveOne(args.get(0));
        int outcome =
                market.outcomeIndex(args.get(1))
                        .orElseThrow(
                                () ->
                                        new InvalidInputException(
                                                "'"
                                                        + Args.shorten(args.get(1))
                                                        + "' is not an outcome of this market; it has: "
                                                        + String.join(", ", market.outcomes())
                                                        + "."));
        quote(message.userId(), market, outcome, usdc, chat);
    }

    private void quote(long userId, Market market, int outcome, BigDecimal usdc, Chat chat) {
        Quote q = trading.quote(userId, market, outcome, usdc);
        chat.reply(
                "🧾 <b>Confirm your buy</b>\n"
                        + Html.escape(q.question(), 200)
                        + "\n\nOutcome: <b>"
                        + Html.escape(q.outcome(), 60)
                        + "</b>\nShares: "
                        + Html.shares(q.shares())
                        + "\nPrice: "
                        + Html.cents(q.price())
                        + " (best ask, "
                        + Html.age(q.priceAge())
                        + " old)\nCost: "
                        + Html.usd(q.cost(), false)
                        + "\n\nConfirm fills at the best ask at that moment. Valid for a short"
                        + " while.",
                Keyboard.of(
                        List.of(
                                Keyboard.button("✅ Confirm", "ok:" + q.id()),
                                Keyboard.button("✖ Cancel", "no:" + q.id()))));
    }

    @Override
    public List<ButtonAction> buttonActions() {
        List<ButtonAction> actions = new ArrayList<>();
        actions.add(
                action(
                        "b:([A-Za-z0-9_-]{1,40}):([0-9])",
                        (press, m, chat) -> {
                            Market market = market(m.group(1));
                            int i = Integer.parseInt(m.group(2));
                            if (i >= Math.min(market.outcomes().size(), market.tokenIds().size())) {
                                throw new NotFoundException("That outcome is gone.");
                            }
                            List<Keyboard.Button> row = new ArrayList<>();
                            for (String usd : PRESETS) {
                                row.add(
                                        Keyboard.button(
                                                "$" + usd,
                                                "q:" + market.id() + ":" + i + ":" + usd));
                            }
                            chat.reply(
                                    "How much USDC on <b>"
                                            + Html.escape(market.outcome(i), 60)
                                            + "</b>? For another amount send /buy "
                                            + Html.escape(market.id(), 40)
                                            + " "
                                            + Html.escape(market.outcome(i), 60)
                                            + " &lt;usdc&gt;",
                                    Keyboard.of(row));
                            return null;
                        }));
        actions.add(
                action(
                        "q:([A-Za-z0-9_-]{1,40}):([0-9]):(10|25|50|100)",
                        (press, m, chat) -> {
                            Market market = market(m.group(1));
                            quote(
                                    press.userId(),
                                    market,
                                    Integer.parseInt(m.group(2)),
                                    new BigDecimal(m.group(3)),
                                    chat);
                            return null;
                        }));
        actions.add(
                action(
                        "ok:([0-9a-f]{18})",
                        (press, m, chat) -> {
                            Fill fill = trading.confirm(press.userId(), m.group(1));
                            chat.edit(
                                    press.messageId(),
                                    "✅ <b>Bought</b> "
                                            + Html.shares(fill.shares())
                                            + " shares of "
                                            + Html.escape(fill.position().outcome(), 60)
                                            + " at "
                                            + Html.cents(fill.price())
                                            + " for "
                                            + Html.usd(fill.cost(), false)
                                            + ".\nPosition #"
                                            + fill.position().id()
                                            + (fill.averaged()
                                                    ? " now holds "
                                                            + Html.shares(fill.position().amount())
                                                            + " shares at an average "
                                                            + Html.cents(
                                                                    fill.position().entryPrice())
                                                    : "")
                                            + ". Follow it with /positions.",
                                    Keyboard.NONE);
                            return "Filled";
                        }));
        actions.add(
                action(
                        "no:([0-9a-f]{18})",
                        (press, m, chat) -> {
                            trading.cancel(press.userId(), m.group(1));
                            chat.edit(press.messageId(), "✖ Buy cancelled.", Keyboard.NONE);
                            return "Cancelled";
                        }));
        return actions;
    }

    private Market market(String id) {
        return catalog.byId(id).orElseThrow(() -> new NotFoundException("That market is gone."));
    }

    interface Handler {
        String press(ButtonPress press, Matcher match, Chat chat);
    }

    static ButtonAction action(String regex, Handler handler) {
        Pattern pattern = Pattern.compile(regex);
        return new ButtonAction() {
            @Override
            public Pattern pattern() {
                return pattern;
            }

            @Override
            public String press(ButtonPress press, Matcher match, Chat chat) {
                return handler.press(press, match, chat);
            }
        };
    }
}
