package dev.polystream.gateway.wallet;

import dev.polystream.gateway.dataapi.DataApiClient;
import dev.polystream.gateway.dataapi.DataApiException;
import dev.polystream.gateway.domain.InvalidInputException;
import dev.polystream.gateway.domain.NotFoundException;
import dev.polystream.gateway.domain.UnavailableException;
import dev.polystream.gateway.domain.WalletAddress;
import dev.polystream.gateway.service.PositionService;
import dev.polystream.gateway.store.TransactionRunner;
import dev.polystream.gateway.store.UserStore;
import dev.polystream.gateway.store.WalletPositionStore;
import dev.polystream.gateway.store.WalletStore;
import dev.polystream.ws.gamma.GammaClient;
import dev.polystream.ws.gamma.GammaException;
import dev.polystream.ws.gamma.GammaProfile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Links and unlinks traders' wallets. Linking is read-only and non-custodial: the input is resolved
 * to the proxy wallet through Gamma's public profile, checked with the Data API (an address
 * Polymarket knows no trader at is refused), stored, and synced at once. Several traders may link
 * one wallet; each sees only their own links. When the last trader unlinks a wallet its open
 * positions are closed (it is no longer tracked) and its tokens released.
 */
public final class WalletLinks {

    private static final Logger LOG = LoggerFactory.getLogger(WalletLinks.class);

    /** What /link did. */
    public record Linked(WalletAddress wallet, String name, boolean viaProfile) {}

    private final TransactionRunner transactions;
    private final PositionService positions;
    private final GammaClient gamma;
    private final DataApiClient dataApi;
    private final int maxPerUser;
    private final Consumer<WalletAddress> syncSoon;
    private volatile BiConsumer<Long, WalletAddress> unlinked = (user, wallet) -> {};

    /**
     * @param syncSoon asks the sync to read a newly linked wallet now
     */
    public WalletLinks(
            DataSource dataSource,
            PositionService positions,
            GammaClient gamma,
            DataApiClient dataApi,
            int maxPerUser,
            Consumer<WalletAddress> syncSoon) {
        this.transactions = new TransactionRunner(dataSource);
        this.positions = positions;
        this.gamma = gamma;
        this.dataApi = dataApi;
        this.maxPerUser = maxPerUser;
        this.syncSoon = syncSoon;
    }

    /** Called after each unlink, with the trader and the wallet (their API key is deleted). */
    void onUnlink(BiConsumer<Long, WalletAddress> listener) {
        this.unlinked = listener;
    }

    public int maxPerUser() {
        return maxPerUser;
    }

    /**
     * Links the wallet the input names to the trader.
     *
     * @throws InvalidInputException for malformed input, a contract, an unknown trader, the cap, or
     *     a wallet already linked
     * @throws UnavailableException when Gamma or the Data API cannot answer (nothing linked)
     */
    public Linked link(long userId, long chatId, String input) {
        WalletAddress given = WalletInput.parse(input);
        requireRoom(userId, given);
        GammaProfile profile = profile(given).orElse(null);
        WalletAddress wallet = profile == null ? given : WalletAddress.of(profile.wallet());
        WalletInput.requireNotContract(wallet);
        requireKnownTrader(wallet);
        String name = profile == null ? null : firstNonBlank(profile.name(), profile.pseudonym());
        boolean added = insertLink(userId, chatId, wallet, name);
        if (!added) {
            throw new InvalidInputException(
                    "You already linked "
                            + wallet.shortForm()
                            + (wallet.equals(given)
                                    ? ""
                                    : " (the wallet of " + given.shortForm() + ")")
                            + ". See /wallets.");
        }
        LOG.info("Wallet linked user={} wallet={}", userId, wallet);
        syncSoon.accept(wallet);
        return new Linked(wallet, name, !wallet.equals(given));
    }

    /** What {@link #ensureLinked} found: the wallet, and whether it was linked just now. */
    public record Ensured(Linked linked, boolean added) {}

    /**
     * The trading wallet of {@code given} (a signer address becomes its proxy wallet through
     * Gamma's public profile, as /link does), linked to the trader: already, or now (within the
     * cap, checked with the Data API like /link).
     *
     * @throws InvalidInputException for a contract, an unknown trader or the cap
     * @throws UnavailableException when Gamma or the Data API cannot answer (nothing linked)
     */
    public Ensured ensureLinked(long userId, long chatId, WalletAddress given) {
        WalletInput.requireNotContract(given);
        GammaProfile profile = profile(given).orElse(null);
        WalletAddress wallet = profile == null ? given : WalletAddress.of(profile.wallet());
        WalletInput.requireNotContract(wallet);
        String name = profile == null ? null : firstNonBlank(profile.name(), profile.pseudonym());
        Linked linked = new Linked(wallet, name, !wallet.equals(given));
        if (isLinkedBy(userId, wallet)) {
            return new Ensured(linked, false);
        }
        requireKnownTrader(wallet);
        boolean added = insertLink(userId, chatId, wallet, name);
        if (added) {
            LOG.info("Wallet linked user={} wallet={}", userId, wallet);
            syncSoon.accept(wallet);
        }
        return new Ensured(linked, added);
    }

    /**
     * Removes the trader's link to a wallet named by address, profile link, or its number in
     * /wallets.
     */
    public WalletAddress unlink(long userId, String ref) {
        List<WalletStore.Link> links =
                transactions.inTransaction(
                        "read wallet links", c -> WalletStore.linksOf(c, userId));
        WalletAddress wallet = pick(links, ref);
        boolean removed =
                transactions.inTransaction(
                        "unlink a wallet",
                        c -> {
                            if (!WalletStore.lockIfLinked(c, wallet)
                                    || !WalletStore.unlink(c, userId, wallet)) {
                                return false;
                            }
                            deleteArmedAlerts(c, userId, wallet);
                            if (WalletStore.deleteIfUnlinked(c, wallet)) {
                                release(c, wallet);
                            }
                            return true;
                        });
        if (!removed) {
            throw notLinked();
        }
        positions.outboxWritten();
        LOG.info("Wallet unlinked user={} wallet={}", userId, wallet);
        try {
            unlinked.accept(userId, wallet);
        } catch (RuntimeException e) {
            LOG.warn("After unlinking user={} wallet={}: {}", userId, wallet, e.toString());
        }
        return wallet;
    }

    /** Links the wallet within the cap; false when the trader already links it. */
    private boolean insertLink(long userId, long chatId, WalletAddress wallet, String name) {
        return transactions.inTransaction(
                "link a wallet",
                c -> {
                    UserStore.ensureExists(c, userId);
                    UserStore.lock(c, userId);
                    List<WalletStore.Link> links = WalletStore.linksOf(c, userId);
                    if (links.stream().anyMatch(l -> l.wallet().equals(wallet))) {
                        return false;
                    }
                    if (links.size() >= maxPerUser) {
                        throw capReached();
                    }
                    WalletStore.upsertWallet(c, wallet, name);
                    return WalletStore.link(c, userId, wallet, chatId);
                });
    }

    /** Whether the trader links the wallet (a button's wallet is checked against this). */
    public boolean isLinkedBy(long userId, WalletAddress wallet) {
        return transactions
                .inTransaction("read wallet links", c -> WalletStore.linksOf(c, userId))
                .stream()
                .anyMatch(l -> l.wallet().equals(wallet));
    }

    private WalletAddress pick(List<WalletStore.Link> links, String ref) {
        String text = ref == null ? "" : ref.strip();
        if (text.matches("[0-9]{1,3}")) {
            int index = Integer.parseInt(text);
            if (index < 1 || index > links.size()) {
                throw new NotFoundException(
                        "You have no wallet #" + index + ". See /wallets for the list.");
            }
            return links.get(index - 1).wallet();
        }
        WalletAddress wallet = WalletInput.parse(text);
        if (links.stream().noneMatch(l -> l.wallet().equals(wallet))) {
            throw notLinked();
        }
        return wallet;
    }

    /** The wallet's open positions close and their tokens are no longer wanted for it. */
    private void release(Connection c, WalletAddress wallet) throws SQLException {
        List<String[]> closed = WalletPositionStore.closeAllActive(c, wallet);
        closed.sort(Comparator.comparing(tokenAndMarket -> tokenAndMarket[0]));
        for (String[] tokenAndMarket : closed) {
            positions.announce(c, tokenAndMarket[0], tokenAndMarket[1], -1, 0);
        }
    }

    /** The trader's armed alerts on the wallet's positions: they can no longer see them. */
    private static void deleteArmedAlerts(Connection c, long userId, WalletAddress wallet)
            throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement(
                        "DELETE FROM alerts WHERE user_id = ? AND fired_at IS NULL"
                                + " AND position_id IN (SELECT id FROM positions"
                                + " WHERE source = 'wallet' AND wallet = ?)")) {
            ps.setLong(1, userId);
            ps.setString(2, wallet.value());
            ps.executeUpdate();
        }
    }

    private void requireRoom(long userId, WalletAddress given) {
        List<WalletStore.Link> links =
                transactions.inTransaction(
                        "read wallet links", c -> WalletStore.linksOf(c, userId));
        if (links.stream().anyMatch(l -> l.wallet().equals(given))) {
            throw new InvalidInputException(
                    "You already linked " + given.shortForm() + ". See /wallets.");
        }
        if (links.size() >= maxPerUser) {
            throw capReached();
        }
    }

    private Optional<GammaProfile> profile(WalletAddress address) {
        try {
            return gamma.publicProfile(address.value());
        } catch (GammaException e) {
            if (e.status() == 400) {
                throw new InvalidInputException(
                        "Polymarket says " + address.shortForm() + " is not a valid address.");
            }
            LOG.warn("Gamma public-profile failed: {}", e.getMessage());
            throw new UnavailableException(
                    "Polymarket's profile service is not answering right now; nothing was"
                            + " linked. Try again in a minute.");
        }
    }

    private void requireKnownTrader(WalletAddress wallet) {
        boolean known;
        try {
            known = dataApi.userStats(wallet.value()).isPresent();
        } catch (DataApiException e) {
            if (e.status() == 400) {
                throw new InvalidInputException(
                        "Polymarket does not accept "
                                + wallet.shortForm()
                                + " as a trader's wallet (it may be a contract or a bridge"
                                + " address). Paste the address shown on your profile.");
            }
            LOG.warn("Data API user-stats failed: {}", e.getMessage());
            throw new UnavailableException(
                    "Polymarket's data service is not answering right now; nothing was linked."
                            + " Try again in a minute.");
        }
        if (!known) {
            throw new InvalidInputException(
                    "Polymarket knows no trader at "
                            + wallet.shortForm()
                            + ". Paste your profile link (polymarket.com/profile/0x…) or the"
                            + " address shown on your profile; the address in the Deposit dialog"
                            + " is a bridge, not your wallet.");
        }
    }

    private InvalidInputException capReached() {
        return new InvalidInputException(
                "You can link at most " + maxPerUser + " wallets. Unlink one first (/wallets).");
    }

    private static NotFoundException notLinked() {
        return new NotFoundException("You have not linked that wallet. See /wallets.");
    }

    private static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a.strip();
        }
        return b == null || b.isBlank() ? null : b.strip();
    }
}
