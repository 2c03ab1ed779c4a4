package dev.polystream.gateway.command;

import dev.polystream.gateway.catalog.MarketCatalog;
import dev.polystream.gateway.domain.InvalidInputException;
import dev.polystream.gateway.domain.Market;
import dev.polystream.gateway.domain.NotFoundException;
import dev.polystream.gateway.notify.Html;
import dev.polystream.gateway.service.TradingService;
import dev.polystream.gateway.telegram.ButtonPress;
import dev.polystream.gateway.telegram.ChatMessage;
import dev.polystream.gateway.telegram.Keyboard;
import dev.polystream.gateway.telegram.Keyboard.Button;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code /markets <words>}: searches the catalogue; a pasted link opens the market card. */
public final class MarketsCommand implements Command, CommandRegistry.ButtonActions {

    static final int MAX_RESULTS = 8;

    private final MarketCatalog catalog;
    private final TradingService trading;
    private final Duration maxAge;

    public MarketsCommand(MarketCatalog catalog, TradingService trading) {
        this.catalog = catalog;
        this.trading = trading;
        this.maxAge = trading.maxPriceAge();
    }

    @Override
    public String name() {
        return "markets";
    }

    @Override
    public String arguments() {
        return "<words | link>";
    }

    @Override
    public String description() {
        return "Search markets, or open one by polymarket.com link";
    }

    @Override
    public void run(ChatMessage message, List<String> args, Chat chat) {
        if (args.isEmpty()) {
            throw new InvalidInputException("Usage: " + usage() + ", e.g. /markets bitcoin 100k");
        }
        String words = String.join(" ", args);
        if (MarketCatalog.findLink(words).isPresent()) {
            open(MarketCatalog.findLink(words).get(), chat);
            return;
        }
        List<Market> found = catalog.search(words, MAX_RESULTS);
        if (found.isEmpty()) {
            throw new NotFoundException("No market matches '" + Args.shorten(words) + "'.");
        }
        if (found.size() == 1) {
            showCard(found.get(0), chat);
            return;
        }
        list(found, chat, "Markets matching <i>" + Html.escape(words, 60) + "</i>:");
    }

    /** Opens the card(s) of a polymarket.com link, market id or slug. */
    void open(String ref, Chat chat) {
        List<Market> found = catalog.resolve(ref);
        if (found.size() == 1) {
            showCard(found.get(0), chat);
        } else {
            list(found, chat, "This event has " + found.size() + " markets:");
        }
    }

    void showCard(Market market, Chat chat) {
        chat.reply(
                MarketCard.text(market, trading.prices(market.tokenIds()), maxAge),
                MarketCard.keyboard(market));
    }

    private static void list(List<Market> markets, Chat chat, String heading) {
        StringBuilder text = new StringBuilder(heading).append("\n");
        List<List<Button>> rows = new ArrayList<>();
        int i = 0;
        for (Market m : markets) {
            if (i++ >= MAX_RESULTS) {
                text.append("\n…and ").append(markets.size() - MAX_RESULTS).append(" more.");
                break;
            }
            text.append("\n")
                    .append(i)
                    .append(". ")
                    .append(Html.escape(m.title(), 150))
                    .append(m.isOpen() ? "" : " (closed)");
            if (m.id().length() <= 40) {
                rows.add(
                        List.of(
                                Keyboard.button(
                                        i + ". " + Args.shorten(m.title()), "m:" + m.id())));
            }
        }
        chat.reply(text.toString(), Keyboard.rows(rows));
    }

    @Override
    public List<ButtonAction> buttonActions() {
        return List.of(
                new ButtonAction() {
                    private final Pattern pattern = Pattern.compile("m:([A-Za-z0-9_-]{1,40})");

                    @Override
                    public Pattern pattern() {
                        return pattern;
                    }

                    @Override
                    public String press(ButtonPress press, Matcher match, Chat chat) {
                        Market market =
                                catalog.byId(match.group(1))
                                        .orElseThrow(
                                                () ->
                                                        new NotFoundException(
                                                                "That market is gone."));
                        showCard(market, chat);
                        return null;
                    }
                });
    }
}
