package dev.polystream.gateway.notify;

import dev.polystream.gateway.Periodic;
import dev.polystream.gateway.domain.NotFoundException;
import dev.polystream.gateway.domain.Portfolio;
import dev.polystream.gateway.domain.WalletWatch;
import dev.polystream.gateway.store.LiveCardStore;
import dev.polystream.gateway.store.LiveCardStore.LiveCard;
import dev.polystream.gateway.store.PortfolioStore;
import dev.polystream.gateway.store.StoreException;
import dev.polystream.gateway.store.TransactionRunner;
import dev.polystream.gateway.telegram.BotApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live /positions card of each chat: sent by {@link #show}, then re-rendered every {@code
 * card.refresh-interval} and edited in place (through {@link SendQueue}, which holds each chat to
 * one edit per {@code card.min-edit-interval}) when its text changed. Refreshing stops {@code
 * card.auto-refresh} after the trader's last tap; the card then says so and keeps a Refresh button.
 */
public final class LiveCards implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveCards.class);

    private final TransactionRunner transactions;
    private final SendQueue queue;
    private final int pageSize;
    private final Duration maxAge;
    private final Duration autoRefresh;
    private final Duration refreshInterval;
    private final Clock clock;
    private final WalletWatch wallets;
    private final Periodic timer;

    /** The hash last queued per chat and message, so an unchanged card is not queued again. */
    private final Map<Long, String> queuedHash = new ConcurrentHashMap<>();

    public LiveCards(
            DataSource dataSource,
            SendQueue queue,
            int pageSize,
            Duration maxAge,
            Duration autoRefresh,
            Duration refreshInterval,
            Clock clock,
            WalletWatch wallets) {
        this.transactions = new TransactionRunner(dataSource);
        this.wallets = wallets;
        this.queue = queue;
        this.pageSize = pageSize;
        this.maxAge = maxAge;
        this.autoRefresh = autoRefresh;
        this.refreshInterval = refreshInterval;
        this.clock = clock;
        this.timer = new Periodic("live-cards");
    }

    public void start() {
        timer.start(refreshInterval, refreshInterval, this::tickQuietly);
    }

    /**
     * Sends a new card for the trader; it becomes the chat's live card, and their wallets are
     * refreshed soon (the card is edited when the new holdings land).
     */
    public void show(long chatId, long userId) {
        wallets.looking(userId);
        PositionsCard.Rendered r = render(userId, 0, false);
        long messageId =
                queue.send(chatId, r.text(), r.keyboard(), SendQueue.Priority.REPLY).join();
        transactions.inTransaction(
                "store a live card",
                c -> {
                    LiveCardStore.put(c, chatId, userId, messageId, r.page(), r.hash());
                    return null;
                });
        queuedHash.put(chatId, messageId + ":" + r.hash());
    }

    /** The trader interacted with the chat: keep (or start again) refreshing its card. */
    public void tap(long chatId) {
        transactions.inTransaction(
                "record a tap",
                c -> {
                    LiveCardStore.tap(c, chatId);
                    return null;
                });
    }

    /** The Prev/Next buttons. */
    public String turnPage(long chatId, long userId, long messageId, int page) {
        LiveCard card = requireCard(chatId, userId, messageId);
        wallets.looking(userId);
        editNow(card, render(userId, page, false));
        return null;
    }

    /** The Refresh button: re-render now and resume auto-refresh. */
    public String refresh(long chatId, long userId, long messageId) {
        LiveCard card = requireCard(chatId, userId, messageId);
        wallets.looking(userId);
        PositionsCard.Rendered r = render(userId, card.page(), false);
        transactions.inTransaction(
                "resume a live card",
                c -> {
                    LiveCardStore.put(c, chatId, userId, messageId, r.page(), r.hash());
                    return null;
                });
        queue.edit(chatId, messageId, r.text(), r.keyboard());
        queuedHash.put(chatId, messageId + ":" + r.hash());
        return "Refreshed";
    }

    private LiveCard requireCard(long chatId, long userId, long messageId) {
        LiveCard card =
                transactions
                        .inTransaction("read a live card", c -> LiveCardStore.find(c, chatId))
                        .orElse(null);
        if (card == null || card.messageId() != messageId || card.userId() != userId) {
            throw new NotFoundException(
                    "This card is out of date; send /positions for a fresh one.");
        }
        return card;
    }

    private void editNow(LiveCard card, PositionsCard.Rendered r) {
        transactions.inTransaction(
                "update a live card",
                c -> {
                    LiveCardStore.update(c, card.chatId(), card.messageId(), r.page(), r.hash());
                    return null;
                });
        queue.edit(card.chatId(), card.messageId(), r.text(), r.keyboard());
        queuedHash.put(card.chatId(), card.messageId() + ":" + r.hash());
    }

    private PositionsCard.Rendered render(long userId, int page, boolean paused) {
        Portfolio portfolio =
                transactions.inTransaction("read positions", c -> PortfolioStore.read(c, userId));
        return PositionsCard.render(
                portfolio,
                wallets::status,
                page,
                new PositionsCard.Layout(pageSize, maxAge, paused, autoRefresh),
                Instant.now(clock));
    }

    /** One refresh pass over every live card. */
    void tick() {
        List<LiveCard> cards = transactions.inTransaction("list live cards", LiveCardStore::active);
        for (LiveCard card : cards) {
            boolean expired =
                    card.lastTapAt() != null
                            && card.lastTapAt().plus(autoRefresh).isBefore(clock.instant());
            PositionsCard.Rendered r = render(card.userId(), card.page(), expired);
            String key = card.messageId() + ":" + r.hash();
            if (expired) {
                transactions.inTransaction(
                        "pause a live card",
                        c -> {
                            LiveCardStore.pause(c, card.chatId(), card.messageId(), r.hash());
                            return null;
                        });
                queue.editCard(card.chatId(), card.messageId(), r.text(), r.keyboard());
                queuedHash.put(card.chatId(), key);
                continue;
            }
            String last = queuedHash.get(card.chatId());
            if (last == null) {
                last = card.messageId() + ":" + card.renderHash();
            }
            if (key.equals(last)) {
                continue;
            }
            queuedHash.put(card.chatId(), key);
            queue.editCard(card.chatId(), card.messageId(), r.text(), r.keyboard())
                    .whenComplete((delivered, failure) -> afterEdit(card, r, delivered, failure));
        }
    }

    private void afterEdit(
            LiveCard card, PositionsCard.Rendered r, Boolean delivered, Throwable failure) {
        try {
            if (failure == null && Boolean.TRUE.equals(delivered)) {
                transactions.inTransaction(
                        "update a live card",
                        c -> {
                            LiveCardStore.update(
                                    c, card.chatId(), card.messageId(), r.page(), r.hash());
                            return null;
                        });
            } else if (unwrap(failure) instanceof BotApiException e
                    && e.kind() == BotApiException.Kind.PERMANENT) {
                // The message is gone or the bot was blocked: stop refreshing it.
                LOG.info(
                        "Live card of chat {} can no longer be edited; dropping it", card.chatId());
                transactions.inTransaction(
                        "drop a live card",
                        c -> {
                            LiveCardStore.delete(c, card.chatId(), card.messageId());
                            return null;
                        });
                queuedHash.remove(card.chatId());
            }
        } catch (StoreException e) {
            LOG.debug("Could not record a card edit: {}", e.getMessage());
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof java.util.concurrent.CompletionException
                ? failure.getCause()
                : failure;
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (StoreException e) {
            LOG.warn("Live cards: database unavailable: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.close();
    }
}
