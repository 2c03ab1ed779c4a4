package dev.polystream.gateway.command;

import dev.polystream.gateway.domain.InvalidInputException;
import dev.polystream.gateway.domain.WalletAddress;
import dev.polystream.gateway.telegram.ChatMessage;
import dev.polystream.gateway.wallet.ConnectService;
import java.util.List;

/**
 * {@code /disconnect [address]}: deletes the trader's stored API credentials (all, or those of one
 * wallet) and closes their real-time feed. The wallet stays linked.
 */
public final class DisconnectCommand implements Command {

    private final ConnectService service;

    public DisconnectCommand(ConnectService service) {
        this.service = service;
    }

    @Override
    public String name() {
        return "disconnect";
    }

    @Override
    public String arguments() {
        return "[0x… address]";
    }

    @Override
    public String description() {
        return "Delete your connected API keys (all, or one wallet's)";
    }

    @Override
    public void run(ChatMessage message, List<String> args, Chat chat) {
        if (!message.isPrivate()) {
            throw new InvalidInputException("/disconnect works only in a private chat with me.");
        }
        Args.count(args, 0, 1, usage());
        List<String> wallets =
                service.disconnect(message.userId(), args.isEmpty() ? null : args.get(0));
        StringBuilder text = new StringBuilder("🔌 Disconnected: deleted the API key of ");
        for (int i = 0; i < wallets.size(); i++) {
            text.append(i == 0 ? "" : ", ")
                    .append("<b>")
                    .append(WalletAddress.shorten(wallets.get(i)))
                    .append("</b>");
        }
        text.append(
                ". Real-time fills stopped; the wallet stays linked (/unlink stops tracking it)."
                        + " You may also revoke the key on Polymarket.");
        chat.reply(text.toString());
    }
}
