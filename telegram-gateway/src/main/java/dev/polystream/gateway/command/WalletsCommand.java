package dev.polystream.gateway.command;

import static dev.polystream.gateway.command.BuyCommand.action;

import dev.polystream.gateway.domain.NotFoundException;
import dev.polystream.gateway.domain.Portfolio;
import dev.polystream.gateway.domain.WalletAddress;
import dev.polystream.gateway.domain.WalletSyncStatus;
import dev.polystream.gateway.domain.WalletTotals;
import dev.polystream.gateway.domain.WalletView;
import dev.polystream.gateway.domain.WalletWatch;
import dev.polystream.gateway.notify.Html;
import dev.polystream.gateway.notify.PositionsCard;
import dev.polystream.gateway.store.CredentialStore;
import dev.polystream.gateway.store.PortfolioStore;
import dev.polystream.gateway.store.TransactionRunner;
import dev.polystream.gateway.telegram.ChatMessage;
import dev.polystream.gateway.telegram.Keyboard;
import dev.polystream.gateway.wallet.WalletLinks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code /wallets}: the trader's linked wallets with their totals, each with an Unlink button. */
public final class WalletsCommand implements Command, CommandRegistry.ButtonActions {

    private final WalletLinks links;
    private final WalletWatch watch;
    private final TransactionRunner reads;
    private final Clock clock;
    private final CredentialStore credentials;

    /**
     * @param credentials the trader's connected API keys, shown per wallet (hint and state only)
     */
    public WalletsCommand(
            WalletLinks links,
            WalletWatch watch,
            TransactionRunner reads,
            Clock clock,
            CredentialStore credentials) {
        this.links = links;
        this.watch = watch;
        this.reads = reads;
        this.clock = clock;
        this.credentials = credentials;
    }

    @Override
    public String name() {
        return "wallets";
    }

    @Override
    public String arguments() {
        return "";
    }

    @Override
    public String description() {
        return "Your linked wallets with their value and P&L";
    }

    @Override
    public void run(ChatMessage message, List<String> args, Chat chat) {
        Args.count(args, 0, 0, usage());
        Portfolio portfolio =
                reads.inTransaction("read wallets", c -> PortfolioStore.read(c, message.userId()));
        List<WalletView> wallets = portfolio.wallets();
        if (wallets.isEmpty()) {
            chat.reply(
                    "You have no linked wallets. Link yours with /link 0x… or /link"
                            + " https://polymarket.com/profile/0x… (read-only, no keys).");
            return;
        }
        Map<String, CredentialStore.Summary> keys = credentials.summaries(message.userId());
        Instant now = clock.instant();
        StringBuilder text =
                new StringBuilder("<b>👛 Your wallets</b> (")
                        .append(wallets.size())
                        .append(" of ")
                        .append(links.maxPerUser())
                        .append(")\n");
        List<Keyboard.Button> buttons = new ArrayList<>();
        for (int i = 0; i < wallets.size(); i++) {
            WalletView w = wallets.get(i);
            WalletTotals t = w.totals();
            WalletSyncStatus status = watch.status(w.address().value());
            text.append("\n<b>")
                    .append(i + 1)
                    .append(". ")
                    .append(w.address().value())
                    .append("</b>");
            if (w.name() != null) {
                text.append(" · ").append(Html.escape(w.name(), 40));
            }
            text.append("\n")
                    .append(t.open())
                    .append(" open · value ")
                    .append(Html.usd(t.value(), false))
                    .append(" · unrealized ")
                    .append(Html.usd(t.unrealized(), true))
                    .append(" · realized ")
                    .append(Html.usd(t.realized(), true))
                    .append(" · total <b>")
                    .append(Html.usd(t.total(), true))
                    .append("</b>");
            Instant synced = status.lastSuccess() != null ? status.lastSuccess() : w.syncedAt();
            text.append("\nHoldings ")
                    .append(
                            synced == null
                                    ? "not read yet"
                                    : PositionsCard.holdingsAge(Duration.between(synced, now))
                                            + " old");
            if (status.failing()) {
                text.append(" · ⚠️ ").append(Html.escape(status.lastError(), 80));
            }
            CredentialStore.Summary key = keys.get(w.address().value());
            if (key != null) {
                text.append("\n")
                        .append(
                                key.rejected()
                                        ? "⚠️ API key …"
                                                + Html.escape(key.keyHint())
                                                + " refused by Polymarket: /connect a new one"
                                        : "🔌 API key …"
                                                + Html.escape(key.keyHint())
                                                + ": real-time fills");
            }
            text.append("\n");
            buttons.add(Keyboard.button("Unlink " + (i + 1), "ul:" + w.address().value()));
        }
        text.append("\nUnlink with the buttons or /unlink &lt;number&gt;.");
        chat.reply(text.toString(), Keyboard.of(buttons));
    }

    @Override
    public List<ButtonAction> buttonActions() {
        return List.of(
                action(
                        "ul:(0x[0-9a-f]{40})",
                        (press, m, chat) -> {
                            WalletAddress wallet = new WalletAddress(m.group(1));
                            if (!links.isLinkedBy(press.userId(), wallet)) {
                                throw new NotFoundException(
                                        "You have not linked that wallet. See /wallets.");
                            }
                            links.unlink(press.userId(), wallet.value());
                            chat.reply(
                                    "Unlinked wallet <b>"
                                            + wallet.shortForm()
                                            + "</b>. See /wallets.");
                            return "Unlinked";
                        }));
    }
}
