package dev.polystream.gateway.command;

import static dev.polystream.gateway.command.BuyCommand.action;

import dev.polystream.gateway.catalog.MarketCatalog;
import dev.polystream.gateway.domain.Market;
import dev.polystream.gateway.domain.NotFoundException;
import dev.polystream.gateway.notify.Html;
import dev.polystream.gateway.service.PositionService;
import dev.polystream.gateway.telegram.ChatMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /watch <market | token>} and {@code /unwatch <market | token>}: follow prices without a
 * position. A market means all of its outcomes; a token id means that outcome only. One class
 * serves both commands (registered twice with a different verb).
 */
public final class WatchCommand implements Command, CommandRegistry.ButtonActions {

    private final MarketCatalog catalog;
    private final PositionService positions;
    private final boolean watch;

    private WatchCommand(MarketCatalog catalog, PositionService positions, boolean watch) {
        this.catalog = catalog;
        this.positions = positions;
        this.watch = watch;
    }

    public static WatchCommand watch(MarketCatalog catalog, PositionService positions) {
        return new WatchCommand(catalog, positions, true);
    }

    public static WatchCommand unwatch(MarketCatalog catalog, PositionService positions) {
        return new WatchCommand(catalog, positions, false);
    }

    @Override
    public String name() {
        return watch ? "watch" : "unwatch";
    }

    @Override
    public String arguments() {
        return "<market id | slug | link | token id>";
    }

    @Override
    public String description() {
        return watch ? "Follow a market's prices without a position" : "Stop following a market";
    }

    @Override
    public void run(ChatMessage message, List<String> args, Chat chat) {
        Args.count(args, 1, 1, usage());
        String ref = args.get(0);
        Market market = catalog.resolveOne(ref);
        List<Integer> outcomes = new ArrayList<>();
        int tokenIndex = market.tokenIndex(ref.strip());
        if (tokenIndex >= 0) {
            outcomes.add(tokenIndex);
        } else {
            for (int i = 0; i < market.tokenIds().size(); i++) {
                outcomes.add(i);
            }
        }
        chat.reply(apply(message.userId(), market, outcomes));
    }

    private String apply(long userId, Market market, List<Integer> outcomes) {
        if (outcomes.isEmpty()) {
            throw new NotFoundException("That market has no tradable outcomes.");
        }
        List<String> changed = new ArrayList<>();
        for (int i : outcomes) {
            String token = market.tokenIds().get(i);
            boolean did =
                    watch
                            ? positions.watch(userId, token, market.id())
                            : positions.unwatch(userId, token);
            if (did) {
                changed.add(market.outcome(i));
            }
        }
        String title = Html.escape(market.title(), 200);
        if (changed.isEmpty()) {
            return watch
                    ? "You already watch " + title + "."
                    : "You were not watching " + title + ".";
        }
        return (watch ? "👁 Watching " : "Stopped watching ")
                + title
                + " ("
                + Html.escape(String.join(", ", changed), 200)
                + ").";
    }

    @Override
    public List<ButtonAction> buttonActions() {
        if (!watch) {
            return List.of();
        }
        return List.of(
                action(
                        "w:([A-Za-z0-9_-]{1,40})",
                        (press, m, chat) -> {
                            Market market =
                                    catalog.byId(m.group(1))
                                            .orElseThrow(
                                                    () ->
                                                            new NotFoundException(
                                                                    "That market is gone."));
                            List<Integer> all = new ArrayList<>();
                            for (int i = 0; i < market.tokenIds().size(); i++) {
                                all.add(i);
                            }
                            chat.reply(apply(press.userId(), market, all));
                            return "Done";
                        }));
    }
}
