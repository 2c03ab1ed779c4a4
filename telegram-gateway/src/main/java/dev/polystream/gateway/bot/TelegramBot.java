package dev.polystream.gateway.bot;

import dev.polystream.gateway.BotSettings;
import dev.polystream.gateway.DaemonThreads;
import dev.polystream.gateway.FillSettings;
import dev.polystream.gateway.Gateway;
import dev.polystream.gateway.WalletSettings;
import dev.polystream.gateway.catalog.MarketCatalog;
import dev.polystream.gateway.catalog.MarketSync;
import dev.polystream.gateway.chart.ChartRenderer;
import dev.polystream.gateway.command.AlertCommand;
import dev.polystream.gateway.command.AlertsCommand;
import dev.polystream.gateway.command.BotRouter;
import dev.polystream.gateway.command.BuyCommand;
import dev.polystream.gateway.command.ChartCommand;
import dev.polystream.gateway.command.CommandRegistry;
import dev.polystream.gateway.command.ConnectCommand;
import dev.polystream.gateway.command.DisconnectCommand;
import dev.polystream.gateway.command.HelpCommand;
import dev.polystream.gateway.command.LinkCommand;
import dev.polystream.gateway.command.MarketsCommand;
import dev.polystream.gateway.command.PositionsCommand;
import dev.polystream.gateway.command.RateLimiter;
import dev.polystream.gateway.command.SellCommand;
import dev.polystream.gateway.command.StartCommand;
import dev.polystream.gateway.command.UnlinkCommand;
import dev.polystream.gateway.command.WalletsCommand;
import dev.polystream.gateway.command.WatchCommand;
import dev.polystream.gateway.credentials.SecretsKey;
import dev.polystream.gateway.dataapi.DataApiClient;
import dev.polystream.gateway.dataapi.DataApiSettings;
import dev.polystream.gateway.domain.WalletAddress;
import dev.polystream.gateway.fills.FillNotices;
import dev.polystream.gateway.fills.TraderChannels;
import dev.polystream.gateway.notify.AlertNotifier;
import dev.polystream.gateway.notify.LiveCards;
import dev.polystream.gateway.notify.SendQueue;
import dev.polystream.gateway.service.AlertService;
import dev.polystream.gateway.service.PositionService;
import dev.polystream.gateway.service.TradingService;
import dev.polystream.gateway.store.CredentialStore;
import dev.polystream.gateway.store.FillStore;
import dev.polystream.gateway.store.TransactionRunner;
import dev.polystream.gateway.telegram.BotApi;
import dev.polystream.gateway.telegram.BotApiException;
import dev.polystream.gateway.telegram.TelegramPoller;
import dev.polystream.gateway.wallet.ConnectService;
import dev.polystream.gateway.wallet.HoldingsWriter;
import dev.polystream.gateway.wallet.WalletLinks;
import dev.polystream.gateway.wallet.WalletScheduler;
import dev.polystream.gateway.wallet.WalletSync;
import dev.polystream.ws.gamma.GammaClient;
import dev.polystream.ws.resilience.Backoff;
import dev.polystream.ws.resilience.OutageLog;
import dev.polystream.ws.user.ClobTradesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Telegram front end of a running {@link Gateway}: long polling, the commands, the send queue,
 * live cards, alerts, and the Gamma catalogue sync. Start it with the token from the environment
 * ({@link #TOKEN_ENV}); close it before the gateway.
 */
public final class TelegramBot implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TelegramBot.class);
    private static final Backoff POLLING_BACKOFF =
            new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));

    /** The only place the bot token comes from. */
    public static final String TOKEN_ENV = "TELEGRAM_BOT_TOKEN";

    private final Deque<AutoCloseable> parts = new ArrayDeque<>();
    private final CommandRegistry registry = new CommandRegistry();
    private TradingService trading;
    private MarketSync sync;
    private WalletScheduler wallets;
    private SecretsKey secrets;
    private CredentialStore credentials;
    private ConnectService connect;
    private FillNotices fillNotices;
    private volatile ScheduledExecutorService housekeeping;
    private final OutageLog pollingOutage = new OutageLog(LOG, "Telegram long polling");

    private TelegramBot() {}

    /**
     * Starts the bot. Telegram being unreachable is not fatal (polling and sending retry); a bad
     * token shows as errors from Telegram in the log.
     *
     * @param token the bot token (from {@link #TOKEN_ENV}); never logged
     */
    public static TelegramBot start(Gateway gateway, String token) {
        return start(
                gateway,
                token,
                SecretsKey.load(System.getenv(), gateway.config().bot().secretsKeyFile()));
    }

    /**
     * Starts the bot with the key that seals traders' credentials ({@link SecretsKey#none()}: the
     * bot refuses /connect).
     *
     * @throws IllegalArgumentException without a token
     */
    public static TelegramBot start(Gateway gateway, String token, SecretsKey secrets) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException(TOKEN_ENV + " is not set");
        }
        TelegramBot bot = new TelegramBot();
        try {
            bot.secrets = secrets;
            bot.startAll(gateway, token.strip());
            return bot;
        } catch (RuntimeException e) {
            bot.close();
            throw e;
        }
    }

    private void startAll(Gateway gateway, String token) {
        BotSettings s = gateway.config().bot();
        DataSource db = gateway.dataSource();
        PositionService positions = gateway.positions();
        Clock clock = Clock.systemUTC();

        BotApi api = new BotApi(s.telegramApiUrl(), token);
        parts.push(api);
        SendQueue queue = new SendQueue(api, s.requestsPerSecond(), s.cardMinEditInterval());
        parts.push(queue);

        GammaClient gamma = new GammaClient(s.gammaUrl(), Duration.ofSeconds(15));
        MarketCatalog catalog = new MarketCatalog(db, gamma);
        trading =
                new TradingService(
                        db, positions, s.maxPriceAge(), s.priceWait(), s.quoteTtl(), clock);
        AlertService alerts = new AlertService(db);
        WalletSettings w = gateway.config().wallets();
        DataApiClient dataApi =
                new DataApiClient(
                        new DataApiSettings(
                                w.dataApiUrl(),
                                w.requestsPerSecond(),
                                w.maxConcurrency(),
                                w.timeout(),
                                w.maxPages(),
                                4,
                                Duration.ofMillis(500),
                                Duration.ofSeconds(30)));
        parts.push(dataApi);
        wallets =
                new WalletScheduler(
                        db,
                        new WalletSync(
                                db,
                                dataApi,
                                new HoldingsWriter(db, positions, clock),
                                catalog,
                                clock),
                        new WalletScheduler.Cadence(
                                w.activeInterval(),
                                w.idleInterval(),
                                s.cardAutoRefresh(),
                                w.refreshDebounce(),
                                w.syncedAtInterval(),
                                w.maxConcurrency()),
                        clock);
        parts.push(wallets);
        WalletLinks links =
                new WalletLinks(db, positions, gamma, dataApi, w.maxPerUser(), wallets::syncSoon);
        credentials = new CredentialStore(db, secrets);
        connect = new ConnectService(credentials, links, secrets, queue);
        fillNotices = new FillNotices(db, new FillStore(db), queue, this::refreshHoldings);
        FillSettings f = gateway.config().fills();
        ClobTradesClient clob = new ClobTradesClient(f.clobUrl(), Duration.ofSeconds(15));
        connect.credentialCheck(clob::check);
        TraderChannels channels =
                TraderChannels.create(f, clob, credentials, fillNotices, connect::rejected);
        parts.push(channels);
        connect.traderConnections(channels);
        channels.resumeAll();
        LiveCards cards =
                new LiveCards(
                        db,
                        queue,
                        s.cardPageSize(),
                        s.maxPriceAge(),
                        s.cardAutoRefresh(),
                        s.cardRefreshInterval(),
                        clock,
                        wallets);
        parts.push(cards);
        AlertNotifier notifier = new AlertNotifier(alerts, queue, s.alertCheckInterval());
        parts.push(notifier);

        MarketsCommand markets = new MarketsCommand(catalog, trading);
        registry.register(new StartCommand(positions))
                .register(new HelpCommand(registry::help))
                .register(markets)
                .register(new BuyCommand(catalog, trading))
                .register(new SellCommand(trading))
                .register(new PositionsCommand(cards))
                .register(new LinkCommand(links))
                .register(
                        new WalletsCommand(
                                links, wallets, new TransactionRunner(db), clock, credentials))
                .register(new UnlinkCommand(links))
                .register(new ConnectCommand(connect))
                .register(new DisconnectCommand(connect))
                .register(WatchCommand.watch(catalog, positions))
                .register(WatchCommand.unwatch(catalog, positions))
                .register(new AlertCommand(alerts, positions, catalog))
                .register(new AlertsCommand(alerts))
                .register(
                        new ChartCommand(
                                positions,
                                catalog,
                                new ChartRenderer(800, 400),
                                new TransactionRunner(db)));
        BotRouter router =
                new BotRouter(
                        registry,
                        new RateLimiter(s.commandsPerMinute()),
                        queue,
                        cards::tap,
                        markets);

        ScheduledExecutorService housekeeping =
                Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("bot-housekeeping"));
        parts.push(housekeeping::shutdownNow);
        housekeeping.scheduleWithFixedDelay(this::expireQuotes, 10, 10, TimeUnit.SECONDS);
        housekeeping.execute(() -> announce(api));

        sync = new MarketSync(db, gamma, s.gammaSyncInterval(), s.gammaMaxPages());
        parts.push(sync);
        sync.start();
        wallets.start();
        cards.start();
        notifier.start();

        TelegramPoller poller =
                new TelegramPoller(
                        s.telegramApiUrl(),
                        token,
                        s.pollTimeout(),
                        router::onMessage,
                        router::onButton);
        parts.push(poller);
        this.housekeeping = housekeeping;
        startPolling(poller, 0);
        LOG.info(
                "Telegram bot started ({} commands; {})",
                registry.commands().size(),
                secrets.present()
                        ? "credentials sealed with secrets key " + secrets.keyId()
                        : "no secrets key: /connect is refused");
    }

    /**
     * Starts long polling; while Telegram is unreachable (deleteWebhook fails), tries again with
     * the project's jittered back-off (1 s doubling to 60 s) instead of failing the gateway; the
     * outage is logged once when it begins, at most once a minute while it lasts, and when polling
     * starts.
     */
    private void startPolling(TelegramPoller poller, int failures) {
        try {
            poller.start();
            pollingOutage.answered();
        } catch (Exception e) {
            Duration wait = POLLING_BACKOFF.delay(failures + 1);
            pollingOutage.failure(e.getMessage());
            LOG.debug("Telegram long polling: trying again in {} ms", wait.toMillis());
            try {
                housekeeping.schedule(
                        () -> startPolling(poller, failures + 1),
                        wait.toMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // The bot is closing.
            }
        }
    }

    /** Logs who the bot is and publishes the command menu; failures only warn. */
    private void announce(BotApi api) {
        try {
            LOG.info("Telegram bot is @{}", api.getMe());
            api.setCommands(registry.menu());
        } catch (BotApiException e) {
            LOG.warn(
                    "Could not reach Telegram at start ({}); polling keeps retrying",
                    e.getMessage());
        }
    }

    /**
     * A confirmed own fill changed the wallet: its holdings are read now, and again past the Data
     * API's 5 s cache ({@link #HOLDINGS_CACHE}), so the card moves within seconds either way.
     */
    private void refreshHoldings(String wallet) {
        WalletAddress address = WalletAddress.of(wallet);
        wallets.syncSoon(address);
        ScheduledExecutorService timer = housekeeping;
        if (timer == null) {
            return;
        }
        try {
            timer.schedule(
                    () -> wallets.syncSoon(address),
                    HOLDINGS_CACHE.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // The bot is closing: the first read is enough.
        }
    }

    /** How long Polymarket's Data API may serve a cached answer, plus a margin. */
    static final Duration HOLDINGS_CACHE = Duration.ofSeconds(6);

    private void expireQuotes() {
        try {
            trading.expireQuotes();
        } catch (RuntimeException e) {
            LOG.debug("Quote expiry failed: {}", e.toString());
        }
    }

    public CommandRegistry registry() {
        return registry;
    }

    public TradingService trading() {
        return trading;
    }

    public MarketSync marketSync() {
        return sync;
    }

    public WalletScheduler wallets() {
        return wallets;
    }

    /**
     * /connect and /disconnect: credentials checked with the CLOB at {@code clob.url}, connections
     * handed to the user channel ({@link TraderChannels}).
     */
    public ConnectService connectService() {
        return connect;
    }

    /** The stored credentials: {@link CredentialStore#active()} at start opens the channels. */
    public CredentialStore credentials() {
        return credentials;
    }

    /** Where the user channel hands each own fill ({@link FillNotices#on}). */
    public FillNotices fillNotices() {
        return fillNotices;
    }

    /** Stops polling first, then the timers and the send queue. */
    @Override
    public void close() {
        while (!parts.isEmpty()) {
            AutoCloseable part = parts.pop();
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("Stopping {} failed: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
        LOG.info("Telegram bot stopped");
    }
}
