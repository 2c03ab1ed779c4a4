package dev.polystream.gateway.command;

import static dev.polystream.gateway.command.BuyCommand.action;

import dev.polystream.gateway.catalog.MarketCatalog;
import dev.polystream.gateway.chart.ChartRenderer;
import dev.polystream.gateway.domain.InvalidInputException;
import dev.polystream.gateway.domain.Market;
import dev.polystream.gateway.domain.NotFoundException;
import dev.polystream.gateway.domain.Position;
import dev.polystream.gateway.notify.Html;
import dev.polystream.gateway.service.PositionService;
import dev.polystream.gateway.store.PriceHistoryStore;
import dev.polystream.gateway.store.TransactionRunner;
import dev.polystream.gateway.telegram.ChatMessage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code /chart <position id | market> [1h|1d]}: a PNG of the price from {@code price_bars_1s},
 * with the entry price marked for a position.
 */
public final class ChartCommand implements Command, CommandRegistry.ButtonActions {

    private final PositionService positions;
    private final MarketCatalog catalog;
    private final ChartRenderer renderer;
    private final TransactionRunner reads;

    public ChartCommand(
            PositionService positions,
            MarketCatalog catalog,
            ChartRenderer renderer,
            TransactionRunner reads) {
        this.positions = positions;
        this.catalog = catalog;
        this.renderer = renderer;
        this.reads = reads;
    }

    @Override
    public String name() {
        return "chart";
    }

    @Override
    public String arguments() {
        return "<position id | market> [1h|1d]";
    }

    @Override
    public String description() {
        return "Price chart of a position or market";
    }

    @Override
    public void run(ChatMessage message, List<String> args, Chat chat) {
        Args.count(args, 1, 2, usage());
        boolean day = false;
        if (args.size() == 2) {
            String window = args.get(1).toLowerCase(Locale.ROOT);
            if (!window.equals("1h") && !window.equals("1d")) {
                throw new InvalidInputException(
                        "The window is 1h or 1d, got '" + Args.shorten(args.get(1)) + "'.");
            }
            day = window.equals("1d");
        }
        String target = args.get(0);
        Optional<Position> position = Optional.empty();
        if (Args.isId(target)) {
            long id = Args.id("position id", target);
            position =
                    positions.activePositions(message.userId()).stream()
                            .filter(p -> p.id() == id)
                            .findFirst();
        }
        if (position.isPresent()) {
            Position p = position.get();
            send(chat, p.tokenId(), "#" + p.id() + " " + p.outcome(), p.entryPrice(), day);
        } else {
            Market market = catalog.resolveOne(target);
            if (market.tokenIds().isEmpty()) {
                throw new NotFoundException("That market has no outcomes to chart.");
            }
            send(
                    chat,
                    market.tokenIds().get(0),
                    market.outcome(0) + " · " + market.title(),
                    null,
                    day);
        }
    }

    private void send(Chat chat, String token, String title, BigDecimal entry, boolean day) {
        Duration window = day ? Duration.ofDays(1) : Duration.ofHours(1);
        Duration step = day ? Duration.ofMinutes(1) : Duration.ofSeconds(5);
        List<PriceHistoryStore.Point> points =
                reads.inTransaction(
                        "read price history",
                        c -> PriceHistoryStore.closes(c, token, window, step));
        String shortTitle = title.length() > 70 ? title.substring(0, 69) + "…" : title;
        if (points.isEmpty()) {
            throw new NotFoundException(
                    "No price history for "
                            + shortTitle
                            + " in the last "
                            + (day ? "day" : "hour")
                            + " (prices are recorded while someone holds or watches it).");
        }
        byte[] png = renderer.render(shortTitle, points, entry, day ? "HH:mm" : "HH:mm:ss");
        chat.photo(
                png,
                "📈 "
                        + Html.escape(shortTitle)
                        + " · last "
                        + (day ? "day" : "hour")
                        + (entry == null ? "" : " · entry " + Html.cents(entry)));
    }

    @Override
    public List<ButtonAction> buttonActions() {
        return List.of(
                action(
                        "c:([A-Za-z0-9_-]{1,40})",
                        (press, m, chat) -> {
                            Market market =
                                    catalog.byId(m.group(1))
                                            .orElseThrow(
                                                    () ->
                                                            new NotFoundException(
                                                                    "That market is gone."));
                            if (market.tokenIds().isEmpty()) {
                                throw new NotFoundException(
                                        "That market has no outcomes to chart.");
                            }
                            send(
                                    chat,
                                    market.tokenIds().get(0),
                                    market.outcome(0) + " · " + market.title(),
                                    null,
                                    false);
                            return null;
                        }));
    }
}
