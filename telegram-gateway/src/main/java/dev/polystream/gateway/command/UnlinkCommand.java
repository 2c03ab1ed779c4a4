package dev.polystream.gateway.command;

import dev.polystream.gateway.domain.WalletAddress;
import dev.polystream.gateway.telegram.ChatMessage;
import dev.polystream.gateway.wallet.WalletLinks;
import java.util.List;

/** {@code /unlink <number | address>}: stops tracking one of the trader's linked wallets. */
public final class UnlinkCommand implements Command {

    private final WalletLinks links;

    public UnlinkCommand(WalletLinks links) {
        this.links = links;
    }

    @Override
    public String name() {
        return "unlink";
    }

    @Override
    public String arguments() {
        return "<number in /wallets | 0x… address>";
    }

    @Override
    public String description() {
        return "Stop tracking one of your linked wallets";
    }

    @Override
    public void run(ChatMessage message, List<String> args, Chat chat) {
        Args.count(args, 1, 1, usage());
        WalletAddress wallet = links.unlink(message.userId(), args.get(0));
        chat.reply("Unlinked wallet <b>" + wallet.shortForm() + "</b>. See /wallets.");
    }
}
