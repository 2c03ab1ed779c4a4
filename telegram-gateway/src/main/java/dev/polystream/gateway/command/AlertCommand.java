package dev.polystream.gateway.command;

import dev.polystream.gateway.catalog.MarketCatalog;
import dev.polystream.gateway.domain.Alert;
import dev.polystream.gateway.domain.AlertKind;
import dev.polystream.gateway.domain.InvalidInputException;
import dev.polystream.gateway.domain.Market;
import dev.polystream.gateway.domain.Position;
import dev.polystream.gateway.notify.Html;
import dev.polystream.gateway.service.AlertService;
import dev.polystream.gateway.service.PositionService;
import dev.polystream.gateway.telegram.ChatMessage;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code /alert <position id | market> above|below <price> [outcome]} and {@code /alert <position
 * id> pnl <+N% | -N$>}. A number names one of the trader's active positions when they have one with
 * that id, else a market id; a market alert watches its first outcome unless one is named.
 */
public final class AlertCommand implements Command {

    private final AlertService alerts;
    private final PositionService positions;
    private final MarketCatalog catalog;

    public AlertCommand(AlertService alerts, PositionService positions, MarketCatalog catalog) {
        this.alerts = alerts;
        this.positions = positions;
        this.catalog = catalog;
    }

    @Override
    public String name() {
        return "alert";
    }

    @Override
    public String arguments() {
        return "<position id | market> above|below <price> | <position id> pnl <+N% | -N$>";
    }

    @Override
    public String description() {
        return "Alert on a price crossing or a P&L target";
    }

    @Override
    public void run(ChatMessage message, List<String> args, Chat chat) {
        Args.count(args, 3, 4, usage());
        String target = args.get(0);
        String verb = args.get(1).toLowerCase(Locale.ROOT);
        long user = message.userId();
        Alert alert;
        switch (verb) {
            case "above", "below" -> {
                AlertKind kind =
                        verb.equals("above") ? AlertKind.PRICE_ABOVE : AlertKind.PRICE_BELOW;
                var price = Args.price(args.get(2));
                Optional<Position> position = ownPosition(user, target);
                if (position.isPresent() && args.size() == 3) {
                    alert =
                            alerts.positionAlert(
                                    user, chat.chatId(), position.get().id(), kind, price);
                } else {
                    Market market = catalog.resolveOne(target);
                    int outcome = 0;
                    if (args.size() == 4) {
                        outcome =
                                market.outcomeIndex(args.get(3))
                                        .orElseThrow(
                                                () ->
                                                        new InvalidInputException(
                                                                "That market's outcomes are: "
                                                                        + String.join(
                                                                                ", ",
                                                                                market.outcomes())
                                                                        + "."));
                    }
                    alert = alerts.priceAlert(user, chat.chatId(), market, outcome, kind, price);
                }
            }
            case "pnl" -> {
                Args.count(args, 3, 3, "/alert <position id> pnl <+N% | -N$>");
                long id = Args.id("position id", target);
                Args.Pnl pnl = Args.pnl(args.get(2));
                alert =
                        alerts.positionAlert(
                                user,
                                chat.chatId(),
                                id,
                                pnl.percent() ? AlertKind.PNL_PERCENT : AlertKind.PNL_AMOUNT,
                                pnl.value());
            }
            default ->
                    throw new InvalidInputException(
                            "Say above, below or pnl, e.g. /alert 12 above 0.65 or /alert 12 pnl +10%.");
        }
        chat.reply("🔔 Alert #" + alert.id() + " set: " + describe(alert) + ". See /alerts.");
    }

    private Optional<Position> ownPosition(long user, String target) {
        if (!Args.isId(target)) {
            return Optional.empty();
        }
        long id = Args.id("position id", target);
        return positions.activePositions(user).stream().filter(p -> p.id() == id).findFirst();
    }

    /** "Yes of "Will it rain?" above 65¢", "position #12 P&L at +10%". */
    static String describe(Alert a) {
        String what =
                a.positionId() != null
                        ? "position #" + a.positionId() + " (" + Html.escape(a.outcome(), 60) + ")"
                        : Html.escape(a.outcome(), 60)
                                + " of "
                                + Html.escape(
                                        a.question() == null ? a.marketId() : a.question(), 120);
        return switch (a.kind()) {
            case PRICE_ABOVE -> what + " at or above " + Html.cents(a.threshold());
            case PRICE_BELOW -> what + " at or below " + Html.cents(a.threshold());
            case PNL_PERCENT -> what + " P&amp;L reaching " + Html.percent(a.threshold());
            case PNL_AMOUNT -> what + " P&amp;L reaching " + Html.usd(a.threshold(), true);
            case RESOLVED -> what + " resolved";
        };
    }
}
