package dev.polystream.gateway.wallet;

import dev.polystream.gateway.credentials.CredentialCheck;
import dev.polystream.gateway.credentials.SecretsKey;
import dev.polystream.gateway.credentials.StoredCredentials;
import dev.polystream.gateway.credentials.TraderConnections;
import dev.polystream.gateway.domain.InvalidInputException;
import dev.polystream.gateway.domain.NotFoundException;
import dev.polystream.gateway.domain.UnavailableException;
import dev.polystream.gateway.domain.WalletAddress;
import dev.polystream.gateway.notify.SendQueue;
import dev.polystream.gateway.store.CredentialStore;
import dev.polystream.gateway.telegram.Keyboard;
import dev.polystream.ws.auth.ClobCredentials;
import dev.polystream.ws.auth.L2Credentials;
import dev.polystream.ws.auth.ReadOnlyKey;
import dev.polystream.ws.user.ClobTradesClient;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects and disconnects a trader's own CLOB credentials for a linked wallet: the wallet they
 * belong to is resolved and linked like /link does, Polymarket is asked whether they work ({@link
 * CredentialCheck}), and only then are they sealed and stored and the user channel told ({@link
 * TraderConnections}). Nothing here logs or returns a secret: the key hint only.
 *
 * <p>The check and the connections are seams: {@link #credentialCheck} and {@link
 * #traderConnections} replace the defaults (Polymarket unavailable; nobody told).
 */
public final class ConnectService {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectService.class);

    /** What {@link #connect} did. */
    public record Connected(
            WalletAddress wallet, String keyHint, boolean readOnly, boolean linked) {}

    private final CredentialStore store;
    private final WalletLinks links;
    private final SecretsKey key;
    private final SendQueue queue;
    private volatile CredentialCheck check = credentials -> ClobTradesClient.Verdict.UNAVAILABLE;
    private volatile TraderConnections connections = TraderConnections.NONE;

    /**
     * @param queue where the trader is told that Polymarket refused their key ({@link #rejected})
     */
    public ConnectService(
            CredentialStore store, WalletLinks links, SecretsKey key, SendQueue queue) {
        this.store = store;
        this.links = links;
        this.key = key;
        this.queue = queue;
        links.onUnlink((userId, wallet) -> forget(userId, wallet.value()));
    }

    /** Replaces how credentials are checked with Polymarket (the CLOB trades client). */
    public void credentialCheck(CredentialCheck check) {
        this.check = Objects.requireNonNull(check, "check");
    }

    /** Replaces who is told about connections (the user channel). */
    public void traderConnections(TraderConnections connections) {
        this.connections = Objects.requireNonNull(connections, "connections");
    }

    /** Whether credentials can be kept at all (a secrets key is set). */
    public boolean canStore() {
        return key.present();
    }

    /**
     * Checks, seals and stores the credentials for the wallet of their signer address, linking it
     * to the trader when it is not yet.
     *
     * @throws InvalidInputException without a secrets key, for a contract or an unknown trader, the
     *     wallet cap, or credentials Polymarket refused
     * @throws UnavailableException when Polymarket (Gamma, the Data API or the CLOB) cannot answer
     */
    public Connected connect(long userId, long chatId, ClobCredentials credentials) {
        if (!key.present()) {
            throw new InvalidInputException(noKey());
        }
        String hint = hint(credentials);
        WalletAddress signer = WalletAddress.of(credentials.address());
        ClobTradesClient.Verdict verdict = verdict(credentials);
        if (verdict == ClobTradesClient.Verdict.REJECTED) {
            LOG.info("Credentials refused by Polymarket user={} key …{}", userId, hint);
            throw new InvalidInputException(
                    "Polymarket refused these credentials (key …"
                            + hint
                            + "); nothing was stored. Check that the key belongs to "
                            + signer.shortForm()
                            + " and was not revoked, or create a new one.");
        }
        if (verdict != ClobTradesClient.Verdict.VALID) {
            throw new UnavailableException(
                    "Could not reach Polymarket to check these credentials; nothing was stored."
                            + " Try again in a minute.");
        }
        WalletLinks.Ensured ensured = links.ensureLinked(userId, chatId, signer);
        WalletAddress wallet = ensured.linked().wallet();
        StoredCredentials stored =
                new StoredCredentials(userId, chatId, wallet.value(), hint, credentials);
        store.save(stored);
        LOG.info(
                "Credentials connected user={} wallet={} kind={} key …{}",
                userId,
                wallet,
                stored.kind(),
                hint);
        tellConnected(stored);
        return new Connected(wallet, hint, stored.l2() == null, ensured.added());
    }

    /**
     * Deletes the trader's credentials: for the wallet {@code ref} names (an address: the wallet or
     * the signer of its key), or all of them when {@code ref} is null.
     *
     * @return the wallets disconnected, sorted
     * @throws NotFoundException when there was nothing to delete
     */
    public List<String> disconnect(long userId, String ref) {
        List<String> wallets;
        if (ref == null) {
            wallets = store.deleteAll(userId);
        } else {
            String wallet = walletOf(userId, WalletInput.parse(ref));
            wallets = store.delete(userId, wallet) ? List.of(wallet) : List.of();
        }
        if (wallets.isEmpty()) {
            throw new NotFoundException(
                    ref == null
                            ? "You have no connected API key. See /connect."
                            : "You have no API key connected for that wallet.");
        }
        for (String wallet : wallets) {
            LOG.info("Credentials disconnected user={} wallet={}", userId, wallet);
            closeChannel(userId, wallet);
        }
        return wallets;
    }

    /**
     * Polymarket refused stored credentials (the user channel dropped at once, or a 401): they are
     * marked rejected (no longer {@linkplain CredentialStore#active() active}, so nothing
     * reconnects) and the trader is told, once, to connect a new key.
     *
     * @return true the first time (the trader was told), false when already rejected or gone
     */
    public boolean rejected(StoredCredentials c) {
        if (!store.markRejected(c.userId(), c.wallet())) {
            return false;
        }
        LOG.info(
                "Credentials rejected by Polymarket user={} wallet={} key …{}",
                c.userId(),
                c.wallet(),
                c.keyHint());
        queue.send(
                c.chatId(),
                "⚠️ Polymarket refused your API key …"
                        + c.keyHint()
                        + " for wallet <b>"
                        + WalletAddress.shorten(c.wallet())
                        + "</b>: real-time fills stopped. The key may have been revoked or"
                        + " belong to another address. Send /connect with a new key; the wallet"
                        + " stays linked and its positions keep updating from public data.",
                Keyboard.NONE,
                SendQueue.Priority.ALERT);
        return true;
    }

    /**
     * The trader unlinked the wallet ({@link WalletLinks} calls this): its credentials, if any, are
     * deleted and its channel closed.
     *
     * @return whether there were credentials
     */
    boolean forget(long userId, String wallet) {
        if (!store.delete(userId, wallet)) {
            return false;
        }
        LOG.info("Credentials deleted with the unlinked wallet user={} wallet={}", userId, wallet);
        closeChannel(userId, wallet);
        return true;
    }

    private void closeChannel(long userId, String wallet) {
        try {
            connections.disconnected(userId, wallet);
        } catch (RuntimeException e) {
            LOG.warn(
                    "Closing the user channel of user={} failed: {}",
                    userId,
                    e.getClass().getSimpleName());
        }
    }

    /** The stored wallet an address names: the wallet itself, or the signer of its key. */
    private String walletOf(long userId, WalletAddress address) {
        if (store.walletsOf(userId).contains(address.value())) {
            return address.value();
        }
        return store.ofUser(userId).stream()
                .filter(c -> c.credentials().address().equals(address.value()))
                .map(StoredCredentials::wallet)
                .findFirst()
                .orElse(address.value());
    }

    private ClobTradesClient.Verdict verdict(ClobCredentials credentials) {
        try {
            ClobTradesClient.Verdict v = check.check(credentials);
            return v == null ? ClobTradesClient.Verdict.UNAVAILABLE : v;
        } catch (RuntimeException e) {
            // The exception's text is not logged: a client may have put a header in it.
            LOG.warn("The credential check failed: {}", e.getClass().getSimpleName());
            return ClobTradesClient.Verdict.UNAVAILABLE;
        }
    }

    private void tellConnected(StoredCredentials stored) {
        try {
            connections.connected(stored);
        } catch (RuntimeException e) {
            LOG.warn(
                    "Opening the user channel of user={} failed: {}",
                    stored.userId(),
                    e.getClass().getSimpleName());
        }
    }

    /** The last four characters of the API key (not secret). */
    static String hint(ClobCredentials credentials) {
        String k =
                credentials instanceof L2Credentials l2
                        ? l2.credentials().apiKey()
                        : ((ReadOnlyKey) credentials).key();
        return k.substring(Math.max(0, k.length() - 4));
    }

    /** Why /connect cannot keep anything, and how the operator fixes it. */
    public static String noKey() {
        return "Connecting API keys is not enabled on this bot: it has no key to encrypt them"
                + " with, so nothing was checked or stored. "
                + SecretsKey.HOW_TO_SET
                + ". Until then, /link follows your wallet from public data.";
    }
}
