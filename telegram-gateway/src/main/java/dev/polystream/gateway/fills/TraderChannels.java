package dev.polystream.gateway.fills;

import dev.polystream.gateway.DaemonThreads;
import dev.polystream.gateway.FillSettings;
import dev.polystream.gateway.credentials.StoredCredentials;
import dev.polystream.gateway.credentials.TraderConnections;
import dev.polystream.gateway.store.CredentialStore;
import dev.polystream.ws.resilience.OutageLog;
import dev.polystream.ws.user.ClobTradesClient;
import dev.polystream.ws.user.ClobTradesException;
import dev.polystream.ws.user.OwnFill;
import dev.polystream.ws.user.OwnFills;
import dev.polystream.ws.user.UserChannelClient;
import dev.polystream.ws.user.UserChannelConfig;
import dev.polystream.ws.user.UserChannelListener;
import dev.polystream.ws.user.UserChannelSubscription;
import dev.polystream.ws.user.UserOrder;
import dev.polystream.ws.user.UserTrade;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every connected trader's own fills flowing: one user-channel subscription per trader with
 * L2 credentials (a read-only key is polled over REST instead), reconciliation over REST after each
 * (re)connect and at start, and the hand-off of every own fill to {@link FillNotices}. All database
 * and REST work runs on one worker thread, never on the socket's event loop.
 */
public final class TraderChannels implements TraderConnections, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TraderChannels.class);

    private final UserChannelClient channel;
    private final ClobTradesClient rest;
    private final CredentialStore store;
    private final FillNotices notices;
    private final Consumer<StoredCredentials> rejected;
    private final FillSettings settings;
    private final ScheduledExecutorService worker;
    private final Map<Key, Trader> traders = new ConcurrentHashMap<>();
    private final OutageLog clobOutage = new OutageLog(LOG, "CLOB /data/trades (own fills)");

    private record Key(long userId, String wallet) {}

    /** How long a channel that refuses a key the CLOB accepts waits before it is tried again. */
    static final Duration CHANNEL_RETRY = Duration.ofMinutes(5);

    /**
     * The channels of the gateway's settings: a user-channel client at {@code user-channel.url},
     * the CLOB at {@code clob.url}. Nothing connects before {@link #resumeAll} or {@link
     * #connected}.
     *
     * @param rejected told once when the user channel refuses a trader's credentials
     */
    public static TraderChannels create(
            FillSettings settings,
            ClobTradesClient rest,
            CredentialStore store,
            FillNotices notices,
            Consumer<StoredCredentials> rejected) {
        UserChannelClient channel =
                new UserChannelClient(UserChannelConfig.defaults(settings.userChannelUrl()));
        return new TraderChannels(channel, rest, store, notices, rejected, settings);
    }

    public TraderChannels(
            UserChannelClient channel,
            ClobTradesClient rest,
            CredentialStore store,
            FillNotices notices,
            Consumer<StoredCredentials> rejected,
            FillSettings settings) {
        this.channel = channel;
        this.rest = rest;
        this.store = store;
        this.notices = notices;
        this.rejected = rejected;
        this.settings = settings;
        this.worker =
                Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("trader-fills"));
    }

    /**
     * Resumes every stored connection (a restart): subscribes, and reconciles what happened while
     * the gateway was down, announcing what was not announced yet.
     */
    public void resumeAll() {
        worker.execute(
                () -> {
                    List<StoredCredentials> active = store.active();
                    for (StoredCredentials c : active) {
                        notices.resendUndelivered(c);
                        start(c, false);
                    }
                    if (!active.isEmpty()) {
                        LOG.info(
                                "Resumed the user channel of {} connected trader(s)",
                                active.size());
                    }
                });
    }

    /** A fresh /connect: history so far is recorded without a message, then fills flow. */
    @Override
    public void connected(StoredCredentials c) {
        worker.execute(() -> start(c, true));
    }

    @Override
    public void disconnected(long userId, String wallet) {
        worker.execute(
                () -> {
                    Trader t = traders.remove(new Key(userId, wallet));
                    if (t != null) {
                        t.stop();
                    }
                });
    }

    /** How many traders have a running channel or poll (for tests and status). */
    public int running() {
        return traders.size();
    }

    private void start(StoredCredentials c, boolean fresh) {
        Key key = new Key(c.userId(), c.wallet());
        Trader old = traders.remove(key);
        if (old != null) {
            old.stop();
        }
        Trader t = new Trader(c, !fresh);
        traders.put(key, t);
        if (fresh) {
            t.reconcile();
        }
        t.start(fresh);
    }

    /** Stops every trader's channel, the worker and the client, within a few seconds. */
    @Override
    public void close() {
        worker.shutdownNow();
        traders.values().forEach(Trader::stop);
        traders.clear();
        channel.close();
    }

    /** One connected trader: their channel or poll, and their fills. */
    private final class Trader implements UserChannelListener {

        private final StoredCredentials owner;
        private final String apiKey;
        private final Set<String> addresses;
        private volatile boolean stopped;

        /** Whether the history before /connect was recorded (true for a resumed connection). */
        private boolean baselined;

        private volatile UserChannelSubscription subscription;
        private volatile ScheduledFuture<?> poll;
        private volatile ScheduledFuture<?> retry;

        Trader(StoredCredentials owner, boolean baselined) {
            this.owner = owner;
            this.baselined = baselined;
            this.apiKey = owner.l2() == null ? "" : owner.l2().apiKey();
            this.addresses = Set.of(owner.wallet(), owner.credentials().address());
        }

        /**
         * @param fresh a fresh /connect has just read the history: a poll waits a period
         */
        void start(boolean fresh) {
            if (owner.l2() != null) {
                subscribe();
            } else {
                long every = settings.readOnlyPollInterval().toMillis();
                poll =
                        worker.scheduleWithFixedDelay(
                                this::reconcile, fresh ? every : 0, every, TimeUnit.MILLISECONDS);
            }
        }

        /** The trader's user channel, with their L2 key (every market). */
        private void subscribe() {
            subscription = channel.subscribe(owner.l2(), List.of(), this);
        }

        void stop() {
            stopped = true;
            if (subscription != null) {
                subscription.close();
            }
            if (poll != null) {
                poll.cancel(false);
            }
            if (retry != null) {
                retry.cancel(false);
            }
        }

        /**
         * Reads every trade over REST: the first read after a fresh /connect records the history
         * without a message (also when it only succeeds later); every other one announces what was
         * missed.
         */
        void reconcile() {
            if (stopped) {
                return;
            }
            List<UserTrade> trades;
            try {
                trades = rest.all(owner.credentials(), settings.maxPages());
            } catch (ClobTradesException e) {
                if (e.rejected()) {
                    refused();
                } else {
                    // One line per outage for all traders, not one per trader and poll.
                    clobOutage.failure(e.getMessage());
                }
                return;
            }
            clobOutage.answered();
            List<OwnFill> fills = new ArrayList<>();
            for (UserTrade trade : trades) {
                fills.addAll(OwnFills.of(trade, apiKey, addresses));
            }
            if (stopped) {
                return;
            }
            if (baselined) {
                notices.onAll(owner, fills);
            } else {
                notices.baseline(owner, fills);
                baselined = true;
            }
        }

        private void handle(UserTrade trade) {
            if (stopped) {
                return;
            }
            // A newly confirmed fill refreshes the wallet's holdings (FillNotices asks for it).
            for (OwnFill fill : OwnFills.of(trade, apiKey, addresses)) {
                notices.on(owner, fill);
            }
        }

        // ---- the user channel, on its event loop: hand everything to the worker --------------

        @Override
        public void onConnected(boolean afterReconnect) {
            worker.execute(this::reconcile);
        }

        @Override
        public void onTrade(UserTrade trade) {
            worker.execute(() -> handle(trade));
        }

        @Override
        public void onOrder(UserOrder order) {
            // Orders carry no fill; the trades that fill them arrive as trade events.
        }

        @Override
        public void onMalformed(String detail) {
            LOG.warn("User channel of user {}: {}", owner.userId(), detail);
        }

        @Override
        public void onDisconnected(String reason) {
            LOG.debug("User channel of user {} dropped: {}", owner.userId(), reason);
        }

        @Override
        public void onAuthRejected() {
            worker.execute(this::channelRefused);
        }

        /**
         * The channel dropped every socket at once: the key is refused, unless the CLOB still
         * accepts it (then the channel side is failing, not the trader's key: it is tried again
         * later instead of telling the trader to connect a new key).
         */
        private void channelRefused() {
            if (stopped) {
                return;
            }
            ClobTradesClient.Verdict verdict = rest.check(owner.credentials());
            if (verdict == ClobTradesClient.Verdict.REJECTED) {
                refused();
                return;
            }
            LOG.warn(
                    "The user channel refused the key of user {} while the CLOB answered {};"
                            + " trying the channel again in {} s",
                    owner.userId(),
                    verdict,
                    CHANNEL_RETRY.toSeconds());
            retry =
                    worker.schedule(
                            () -> {
                                if (!stopped) {
                                    subscribe();
                                }
                            },
                            CHANNEL_RETRY.toMillis(),
                            TimeUnit.MILLISECONDS);
        }

        /** Polymarket refused the credentials (the channel, or a 401 from the CLOB): stop, tell. */
        private void refused() {
            if (stopped) {
                return;
            }
            traders.remove(new Key(owner.userId(), owner.wallet()), this);
            stop();
            rejected.accept(owner);
        }
    }
}
