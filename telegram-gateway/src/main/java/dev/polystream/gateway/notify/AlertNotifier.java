package dev.polystream.gateway.notify;

import dev.polystream.gateway.Periodic;
import dev.polystream.gateway.domain.Alert;
import dev.polystream.gateway.domain.AlertKind;
import dev.polystream.gateway.domain.WalletAddress;
import dev.polystream.gateway.service.AlertService;
import dev.polystream.gateway.store.StoreException;
import dev.polystream.gateway.telegram.BotApiException;
import dev.polystream.gateway.telegram.Keyboard;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires alerts against the latest prices every {@code alert.check-interval} and delivers them at
 * alert priority (ahead of card edits). An alert is fired once (the database marks it), and stays
 * undelivered in the database until Telegram accepted its message, so an outage, a storm of 429s or
 * a restart delays it but never loses it.
 */
public final class AlertNotifier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertNotifier.class);

    private final AlertService alerts;
    private final SendQueue queue;
    private final Duration interval;
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private final Periodic timer;

    public AlertNotifier(AlertService alerts, SendQueue queue, Duration interval) {
        this.alerts = alerts;
        this.queue = queue;
        this.interval = interval;
        this.timer = new Periodic("alerts");
    }

    public void start() {
        timer.start(Duration.ZERO, interval, this::tickQuietly);
    }

    void tick() {
        int fired = alerts.fireDue();
        if (fired > 0) {
            LOG.info("{} alert(s) fired", fired);
        }
        for (Alert a : alerts.undelivered(200)) {
            if (!inFlight.add(a.id())) {
                continue;
            }
            queue.send(a.chatId(), text(a), Keyboard.NONE, SendQueue.Priority.ALERT)
                    .whenComplete((id, failure) -> delivered(a, failure));
        }
    }

    private void delivered(Alert a, Throwable failure) {
        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
        try {
            if (cause == null) {
                alerts.markDelivered(a.id());
            } else if (cause instanceof BotApiException e
                    && e.kind() == BotApiException.Kind.PERMANENT) {
                // The chat is gone or blocked the bot: retrying would never succeed.
                LOG.warn(
                        "Alert {} cannot be delivered to chat {}: {}",
                        a.id(),
                        a.chatId(),
                        e.getMessage());
                alerts.markDelivered(a.id());
            } else if (!(cause instanceof CancellationException)) {
                LOG.warn("Alert {} not delivered yet: {}", a.id(), cause.toString());
            }
        } catch (StoreException e) {
            LOG.warn("Could not mark alert {} delivered: {}", a.id(), e.getMessage());
        } finally {
            inFlight.remove(a.id());
        }
    }

    static String text(Alert a) {
        if (a.kind() == AlertKind.RESOLVED) {
            return resolution(a);
        }
        String subject =
                a.positionId() != null
                        ? "Position #" + a.positionId() + " (" + Html.escape(a.outcome(), 60) + ")"
                        : Html.escape(a.outcome(), 60)
                                + " of "
                                + Html.escape(
                                        a.question() == null ? a.marketId() : a.question(), 150);
        String now =
                switch (a.kind()) {
                    case PRICE_ABOVE, PRICE_BELOW ->
                            "is at <b>" + Html.cents(a.firedValue()) + "</b>";
                    case PNL_PERCENT -> "P&amp;L is <b>" + Html.percent(a.firedValue()) + "</b>";
                    case PNL_AMOUNT -> "P&amp;L is <b>" + Html.usd(a.firedValue(), true) + "</b>";
                    case RESOLVED -> throw new IllegalStateException("handled above");
                };
        String target =
                switch (a.kind()) {
                    case PRICE_ABOVE -> "at or above " + Html.cents(a.threshold());
                    case PRICE_BELOW -> "at or below " + Html.cents(a.threshold());
                    case PNL_PERCENT -> "target " + Html.percent(a.threshold());
                    case PNL_AMOUNT -> "target " + Html.usd(a.threshold(), true);
                    case RESOLVED -> throw new IllegalStateException("handled above");
                };
        return "🔔 <b>Alert #" + a.id() + "</b>: " + subject + " " + now + " (" + target + ").";
    }

    /**
     * "🏁 Resolved: …: your Yes position (28.09 shares, wallet 0x37…4b1a) won: payout $28.09.
     * Redeem it on polymarket.com."
     */
    static String resolution(Alert a) {
        BigDecimal price = a.firedValue();
        BigDecimal payout = a.shares() == null ? null : a.shares().multiply(price);
        String outcome;
        if (price.compareTo(BigDecimal.ONE) == 0) {
            outcome = "<b>won</b>";
        } else if (price.signum() == 0) {
            outcome = "<b>lost</b>";
        } else {
            outcome = "settled at <b>" + Html.cents(price) + "</b> a share";
        }
        return "🏁 <b>Market resolved</b>: "
                + Html.escape(a.question() == null ? "market " + a.marketId() : a.question(), 150)
                + "\nYour <b>"
                + Html.escape(a.outcome(), 60)
                + "</b> position #"
                + a.positionId()
                + " ("
                + Html.shares(a.shares())
                + " shares"
                + (a.wallet() == null ? "" : ", wallet " + WalletAddress.shorten(a.wallet()))
                + ") "
                + outcome
                + ": payout <b>"
                + Html.usd(payout, false)
                + "</b>."
                + (payout != null && payout.signum() > 0
                        ? "\nRedeem it on polymarket.com (Portfolio → Redeem)."
                        : "\nNothing to redeem; polymarket.com may still list it until it is"
                                + " cleared.");
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (StoreException e) {
            LOG.warn("Alerts: database unavailable: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.close();
    }
}
