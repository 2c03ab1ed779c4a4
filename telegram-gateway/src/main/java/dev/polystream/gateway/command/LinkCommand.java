package dev.polystream.gateway.command;

import dev.polystream.gateway.notify.Html;
import dev.polystream.gateway.telegram.ChatMessage;
import dev.polystream.gateway.wallet.WalletLinks;
import java.util.List;

/**
 * {@code /link <address | profile link>}: links a Polymarket wallet (read-only: public data, no
 * key) so its real positions are streamed and shown on the card.
 */
public final class LinkCommand implements Command {

    private final WalletLinks links;

    public LinkCommand(WalletLinks links) {
        this.links = links;
    }

    @Override
    public String name() {
        return "link";
    }

    @Override
    public String arguments() {
        return "<0x… address | polymarket.com/profile/0x… link>";
    }

    @Override
    public String description() {
        return "Link your Polymarket wallet (read-only) to track its real positions";
    }

    @Override
    public void run(ChatMessage message, List<String> args, Chat chat) {
        Args.count(args, 1, 1, usage());
        WalletLinks.Linked linked = links.link(message.userId(), chat.chatId(), args.get(0));
        StringBuilder text =
                new StringBuilder("🔗 Linked wallet <b>")
                        .append(linked.wallet().shortForm())
                        .append("</b>");
        if (linked.name() != null) {
            text.append(" (").append(Html.escape(linked.name(), 40)).append(")");
        }
        text.append(".");
        if (linked.viaProfile()) {
            text.append(
                    "\nThat address logs in to this trading wallet; its positions are the"
                            + " wallet's.");
        }
        text.append(
                "\nReading its positions from Polymarket now; they show on /positions in a few"
                        + " seconds and stay live.\n\nLinking is read-only: public data, no keys."
                        + " The bot never asks for your private key.");
        chat.reply(text.toString());
    }
}
