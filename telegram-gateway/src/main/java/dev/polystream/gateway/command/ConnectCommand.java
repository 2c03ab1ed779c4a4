package dev.polystream.gateway.command;

import dev.polystream.gateway.domain.InvalidInputException;
import dev.polystream.gateway.telegram.ChatMessage;
import dev.polystream.gateway.wallet.ConnectInput;
import dev.polystream.gateway.wallet.ConnectService;
import dev.polystream.ws.auth.ClobCredentials;
import java.util.List;

/**
 * {@code /connect}: a trader gives their own Polymarket API credentials for a linked wallet, so
 * their fills arrive in real time. Private chats only; the message carrying them is deleted by the
 * router before this runs ({@link #secretArguments()}). Without arguments: how to create a key, and
 * that the bot never asks for a private key.
 */
public final class ConnectCommand implements Command {

    static final String PRIVATE_ONLY =
            "For your safety /connect works only in a private chat with me: open a chat with the"
                    + " bot and send it there.";

    static final String INSTRUCTIONS =
            "<b>Connect your Polymarket API key</b> to see your fills here the moment they"
                    + " happen.\n\n"
                    + "1. Create an API key on polymarket.com (Settings → API keys / Builder), or"
                    + " with the official client: <code>create_or_derive_api_key()</code>. A key"
                    + " made only for this bot can be revoked at any time.\n"
                    + "2. Send:\n<code>/connect &lt;apiKey&gt; &lt;secret&gt; &lt;passphrase&gt;"
                    + " &lt;address&gt;</code>\nwhere the address is the one the key belongs to"
                    + " (0x…).\n"
                    + "Or, with a read-only API key (reads trades, nothing else):\n"
                    + "<code>/connect &lt;read-only key&gt; &lt;address&gt;</code>\n\n"
                    + "Your message is deleted from this chat as soon as I read it. The"
                    + " credentials are checked with Polymarket, then stored encrypted; /disconnect"
                    + " deletes them. An API key can read your orders and trades; it cannot place"
                    + " an order nor move funds.\n\n"
                    + "⛔ I will <b>never</b> ask for your private key or seed phrase. Never send them"
                    + " to anyone.";

    private final ConnectService service;

    public ConnectCommand(ConnectService service) {
        this.service = service;
    }

    @Override
    public String name() {
        return "connect";
    }

    @Override
    public String arguments() {
        return "[<apiKey> <secret> <passphrase> <address> | <read-only key> <address>]";
    }

    @Override
    public String description() {
        return "Connect your Polymarket API key (private chat) for real-time fills";
    }

    @Override
    public boolean secretArguments() {
        return true;
    }

    @Override
    public void run(ChatMessage message, List<String> args, Chat chat) {
        if (!message.isPrivate()) {
            throw new InvalidInputException(
                    PRIVATE_ONLY
                            + (args.isEmpty()
                                    ? ""
                                    : " Your message was deleted; if it held a real key, revoke"
                                            + " that key on Polymarket: others here may have seen"
                                            + " it."));
        }
        if (args.isEmpty()) {
            chat.reply(INSTRUCTIONS);
            return;
        }
        ConnectInput.refuseWalletSecrets(args);
        if (!service.canStore()) {
            throw new InvalidInputException(ConnectService.noKey());
        }
        ClobCredentials credentials = ConnectInput.parse(args);
        ConnectService.Connected c = service.connect(message.userId(), chat.chatId(), credentials);
        StringBuilder text =
                new StringBuilder("🔌 Connected wallet <b>")
                        .append(c.wallet().shortForm())
                        .append("</b> with API key …")
                        .append(c.keyHint())
                        .append(".");
        if (c.linked()) {
            text.append(" The wallet is now linked too (see /wallets).");
        }
        text.append(
                c.readOnly()
                        ? "\nWith a read-only key I read your trades from Polymarket; fills show"
                                + " here after each check."
                        : "\nYour fills show here the moment they match, and again when they are"
                                + " confirmed; /positions follows within seconds.");
        text.append("\nYour message with the key was deleted. /disconnect removes the key.");
        chat.reply(text.toString());
    }
}
