package dev.polystream.gateway.fills;

import dev.polystream.gateway.credentials.StoredCredentials;
import dev.polystream.gateway.domain.Market;
import dev.polystream.gateway.notify.SendQueue;
import dev.polystream.gateway.store.FillStore;
import dev.polystream.gateway.store.MarketStore;
import dev.polystream.gateway.store.StoreException;
import dev.polystream.gateway.store.TransactionRunner;
import dev.polystream.gateway.telegram.Keyboard;
import dev.polystream.ws.user.OwnFill;
import dev.polystream.ws.user.TradeStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a trader's own fills into messages, each at most once: every status is recorded ({@link
 * FillStore}, whose key is the dedupe, across restarts too); a leg's first sight before it is final
 * is announced as matched, its confirmation or failure once; a status that arrives after the final
 * one, or again, says nothing. Messages go to the owner's chat at alert priority. A newly recorded
 * confirmation asks for the wallet's holdings to be read again.
 */
public final class FillNotices {

    private static final Logger LOG = LoggerFactory.getLogger(FillNotices.class);

    private final FillStore fills;
    private final SendQueue queue;
    private final TransactionRunner reads;
    private final Consumer<String> holdingsChanged;
    private final Object[] locks = new Object[64];

    /** Undelivered notices older than this are not sent any more at a start. */
    static final Duration RESEND_WITHIN = Duration.ofDays(1);

    /**
     * @param holdingsChanged called with the wallet after a newly recorded confirmation (the bot
     *     wires it to the wallet sync's {@code syncSoon})
     */
    public FillNotices(
            DataSource dataSource,
            FillStore fills,
            SendQueue queue,
            Consumer<String> holdingsChanged) {
        this.fills = fills;
        this.queue = queue;
        this.reads = new TransactionRunner(dataSource);
        this.holdingsChanged = holdingsChanged;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    /**
     * One status of one own leg, live from the user channel or from a reconciliation.
     *
     * @return whether a CONFIRMED was newly recorded (the wallet's holdings changed)
     */
    public boolean on(StoredCredentials owner, OwnFill fill) {
        // One trader's fills one at a time (the live channel and a reconciliation may overlap):
        // "first sight" is then decided once per leg.
        synchronized (locks[Math.floorMod(Long.hashCode(owner.userId()), locks.length)]) {
            return onLocked(owner, fill);
        }
    }

    private boolean onLocked(StoredCredentials owner, OwnFill fill) {
        long user = owner.userId();
        boolean firstSight = !fills.seen(user, fill.tradeId(), fill.legId());
        if (!fill.status().isFinal()) {
            boolean announce = firstSight;
            if (fills.record(user, owner.wallet(), fill, announce) && announce) {
                send(owner, fill, FillMessages.matched(fill, market(fill)));
            }
            return false;
        }
        if (!fills.record(user, owner.wallet(), fill, true)) {
            return false;
        }
        send(owner, fill, FillMessages.settled(fill, market(fill), firstSight));
        if (fill.status() != TradeStatus.CONFIRMED) {
            return false;
        }
        try {
            holdingsChanged.accept(owner.wallet());
        } catch (RuntimeException e) {
            LOG.debug("Could not ask for a holdings refresh: {}", e.toString());
        }
        return true;
    }

    /**
     * A reconciliation's fills (the trader's whole {@code /data/trades}): one read of what is
     * recorded, then {@link #on} for the statuses not seen yet only, so a poll that finds nothing
     * new costs one query instead of two per leg.
     *
     * @return how many statuses were new
     */
    public int onAll(StoredCredentials owner, List<OwnFill> fills) {
        Set<String> known = this.fills.recorded(owner.userId(), owner.wallet());
        int fresh = 0;
        for (OwnFill fill : fills) {
            if (!known.contains(FillStore.key(fill))) {
                on(owner, fill);
                fresh++;
            }
        }
        return fresh;
    }

    /**
     * Records fills found when the trader connected (their history) without announcing any.
     *
     * @return how many statuses were new
     */
    public int baseline(StoredCredentials owner, List<OwnFill> history) {
        int fresh = 0;
        for (OwnFill fill : history) {
            if (fills.record(owner.userId(), owner.wallet(), fill, false)) {
                fresh++;
            }
        }
        return fresh;
    }

    /**
     * Sends again what was announced but never delivered for the owner's wallet in the last day
     * (the gateway stopped between recording a status and Telegram's answer), oldest first.
     *
     * @return how many notices were queued
     */
    public int resendUndelivered(StoredCredentials owner) {
        List<FillStore.Undelivered> pending =
                fills.undelivered(owner.userId(), owner.wallet(), RESEND_WITHIN);
        for (FillStore.Undelivered u : pending) {
            OwnFill fill = u.fill();
            String html =
                    fill.status().isFinal()
                            ? FillMessages.settled(fill, market(fill), u.firstSight())
                            : FillMessages.matched(fill, market(fill));
            send(owner, fill, html);
        }
        return pending.size();
    }

    private void send(StoredCredentials owner, OwnFill fill, String html) {
        queue.send(owner.chatId(), html, Keyboard.NONE, SendQueue.Priority.ALERT)
                .whenCompleteAsync(
                        (id, failure) -> {
                            if (failure != null) {
                                // Left undelivered: sent again at the next start.
                                LOG.warn(
                                        "A fill notice to user={} was not delivered: {}",
                                        owner.userId(),
                                        failure.getClass().getSimpleName());
                                return;
                            }
                            try {
                                fills.delivered(owner.userId(), fill);
                            } catch (StoreException e) {
                                LOG.warn(
                                        "Could not mark a fill notice to user={} delivered: {}",
                                        owner.userId(),
                                        e.getMessage());
                            }
                        });
    }

    /** The market of the fill's token (else its condition) in the local catalogue, when known. */
    private Market market(OwnFill fill) {
        try {
            return reads.inTransaction(
                    "read a market",
                    c -> {
                        if (fill.assetId() != null) {
                            Optional<Market> byToken = MarketStore.findByToken(c, fill.assetId());
                            if (byToken.isPresent()) {
                                return byToken.get();
                            }
                        }
                        if (fill.market() == null) {
                            return null;
                        }
                        Map<String, String> ids =
                                MarketStore.idsByCondition(c, List.of(fill.market()));
                        String id = ids.get(fill.market());
                        return id == null ? null : MarketStore.find(c, id).orElse(null);
                    });
        } catch (StoreException e) {
            return null;
        }
    }
}
