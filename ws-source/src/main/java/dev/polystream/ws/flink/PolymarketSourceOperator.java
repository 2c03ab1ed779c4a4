package dev.polystream.ws.flink;

import dev.polystream.intent.SubscriptionIntent;
import dev.polystream.ws.PriceSource;
import dev.polystream.ws.PriceTick;
import dev.polystream.ws.TickKind;
import dev.polystream.ws.transport.ConnectionStateChange;
import dev.polystream.ws.transport.MarketChannelClient;
import dev.polystream.ws.transport.MarketChannelConfig;
import dev.polystream.ws.transport.MarketChannelListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.event.WatermarkEvent;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * The Polymarket source: consumes the broadcast subscription intents, streams the tokens this
 * subtask owns from the market channel, and emits their ticks.
 *
 * <p>Threads: intents, checkpoints and emission run on the task thread; the Netty threads only
 * enqueue each frame's ticks into the task's mailbox. Intents are kept for every token (state is
 * union-redistributed on rescale); each subtask checkpoints the ones it owns. Tokens whose market
 * settled ({@code market_resolved}) are unsubscribed and kept out until no intent wants them. With
 * {@link SourceUpkeep#newMarkets()}, a market {@code new_market} announces is streamed at once.
 *
 * <p>Back-pressure: when more than {@link #PAUSE_ABOVE_PENDING_FRAMES} frames wait in the mailbox,
 * the sockets stop reading (TCP pushes back on the server) until fewer than {@link
 * #RESUME_BELOW_PENDING_FRAMES} are left.
 */
public final class PolymarketSourceOperator extends AbstractStreamOperator<PriceTick>
        implements OneInputStreamOperator<SubscriptionIntent, PriceTick> {

    private static final long serialVersionUID = 1L;

    static final int PAUSE_ABOVE_PENDING_FRAMES = 1024;
    static final int RESUME_BELOW_PENDING_FRAMES = 256;

    private static final String STATE_NAME = "polymarket-subscription-intents";
    private static final String RESOLVED_STATE_NAME = "polymarket-resolved-tokens";

    private final MarketChannelConfig config;
    private final SourceUpkeep upkeep;
    private transient SettlementCheck settlementCheck;
    private final Set<String> watchTokens;
    private final transient MailboxExecutor mailbox;

    private transient ListState<SubscriptionIntent> intentState;
    private transient ListState<String> resolvedState;
    // Task thread only.
    private transient Map<String, SubscriptionIntent> intents;

    /** Tokens of settled markets: never streamed again, whatever the intents say. */
    private transient Set<String> resolved;

    private transient Set<String> subscribed;
    private transient StreamRecord<PriceTick> reuse;
    private transient boolean stopped;
    private transient int subtask;
    private transient int parallelism;
    private transient SourceMetrics metrics;
    // Shared with the Netty threads.
    private transient volatile MarketChannelClient client;
    private transient AtomicInteger pendingFrames;
    private transient AtomicBoolean paused;

    public PolymarketSourceOperator(
            StreamOperatorParameters<PriceTick> parameters,
            MarketChannelConfig config,
            Set<String> watchTokens) {
        this(parameters, config, SourceUpkeep.defaults(), watchTokens);
    }

    public PolymarketSourceOperator(
            StreamOperatorParameters<PriceTick> parameters,
            MarketChannelConfig config,
            SourceUpkeep upkeep,
            Set<String> watchTokens) {
        super(parameters);
        this.mailbox = parameters.getMailboxExecutor();
        this.config = config;
        this.upkeep = upkeep;
        this.watchTokens = Set.copyOf(watchTokens);
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        intentState =
                context.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>(
                                        STATE_NAME, TypeInformation.of(SubscriptionIntent.class)));
        resolvedState =
                context.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>(RESOLVED_STATE_NAME, String.class));
        intents = new HashMap<>();
        resolved = new HashSet<>();
        if (context.isRestored()) {
            for (SubscriptionIntent intent : intentState.get()) {
                if (intent.wanted()) {
                    intents.put(intent.tokenId(), intent);
                }
            }
            for (String token : resolvedState.get()) {
                resolved.add(token);
            }
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        parallelism = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
        reuse = new StreamRecord<>(null);
        pendingFrames = new AtomicInteger();
        paused = new AtomicBoolean();
        subscribed = new HashSet<>();
        for (String token : watchTokens) {
            if (owns(token) && !resolved.contains(token)) {
                subscribed.add(token);
            }
        }
        for (String token : intents.keySet()) {
            if (owns(token) && !resolved.contains(token)) {
                subscribed.add(token);
            }
        }
        client = MarketChannelClient.builder(config).listener(new TickHandOff()).build();
        metrics = new SourceMetrics(getMetricGroup(), client::stats, pendingFrames);
        // Subscribe first: the first socket then carries them in its initial subscription.
        client.subscribe(subscribed);
        client.start();
        scheduleUpkeep();
        LOG.info(
                "Polymarket source {}/{} streaming {} tokens ({} restored intents, {} watch"
                        + " tokens in total) from {}",
                subtask,
                parallelism,
                subscribed.size(),
                intents.size(),
                watchTokens.size(),
                config.url());
    }

    @Override
    public void processElement(StreamRecord<SubscriptionIntent> element) {
        SubscriptionIntent intent = element.getValue();
        String token = intent.tokenId();
        if (intent.wanted()) {
            intents.put(token, intent);
        } else {
            intents.remove(token);
            // Nobody holds the settled token any more: forget it.
            resolved.remove(token);
        }
        if (!owns(token)) {
            return;
        }
        boolean wanted =
                (watchTokens.contains(token) || intents.containsKey(token))
                        && !resolved.contains(token);
        if (wanted && subscribed.add(token)) {
            client.subscribe(List.of(token));
        } else if (!wanted && subscribed.remove(token)) {
            client.unsubscribe(List.of(token));
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        // Union state: every subtask gets all entries back, so each writes only its own tokens.
        List<SubscriptionIntent> owned = new ArrayList<>();
        for (SubscriptionIntent intent : intents.values()) {
            if (owns(intent.tokenId())) {
                owned.add(intent);
            }
        }
        intentState.update(owned);
        List<String> ownedResolved = new ArrayList<>();
        for (String token : resolved) {
            if (owns(token)) {
                ownedResolved.add(token);
            }
        }
        resolvedState.update(ownedResolved);
    }

    // Downstream assigns its own event-time watermarks; the intents' time means nothing here.
    @Override
    public void processWatermark(Watermark mark) {}

    @Override
    public void processWatermarkStatus(WatermarkStatus watermarkStatus) {}

    @Override
    public void processWatermark(WatermarkEvent watermark) {}

    @Override
    public void finish() throws Exception {
        stopClient();
        super.finish();
    }

    @Override
    public void close() throws Exception {
        stopClient();
        super.close();
    }

    // ---------------------------------------------------------------------------------------

    /** Tokens this subtask streams now (task thread). */
    Set<String> subscribedTokens() {
        return Set.copyOf(subscribed);
    }

    MarketChannelClient client() {
        return client;
    }

    private boolean owns(String token) {
        return TokenOwnership.owns(token, subtask, parallelism);
    }

    private void stopClient() {
        stopped = true;
        MarketChannelClient c = client;
        if (c != null) {
            c.close();
        }
        if (settlementCheck != null) {
            settlementCheck.close();
        }
    }

    /** Periodic chores on processing-time timers (they fire on the task thread). */
    private void scheduleUpkeep() {
        long confirmMs = upkeep.confirmInterval().toMillis();
        if (confirmMs > 0) {
            // Books with an event within the interval have just been written by their own bars.
            every(confirmMs, () -> client.confirmLiveBooks(upkeep.confirmInterval()));
        }
        long gammaMs = upkeep.gammaCheckInterval().toMillis();
        if (gammaMs > 0) {
            settlementCheck = new SettlementCheck(upkeep.gammaUrl(), new TickHandOff()::onTicks);
            every(gammaMs, () -> settlementCheck.check(subscribed));
        }
    }

    private void every(long periodMs, Runnable chore) {
        getProcessingTimeService()
                .registerTimer(
                        getProcessingTimeService().getCurrentProcessingTime() + periodMs,
                        time -> {
                            if (!stopped) {
                                chore.run();
                                every(periodMs, chore);
                            }
                        });
    }

    /** On the task thread: emits one frame's ticks stamped with their exchange time. */
    private void emit(List<PriceTick> ticks) {
        int left = pendingFrames.decrementAndGet();
        if (!stopped) {
            for (PriceTick tick : ticks) {
                if (tick.source() == PriceSource.WS) {
                    metrics.liveTick(tick);
                }
                output.collect(reuse.replace(tick, tick.exchangeTimeMs()));
                if (tick.kind() == TickKind.RESOLVED) {
                    settle(tick.tokenId());
                }
            }
            metrics.ticksEmitted.inc(ticks.size());
        }
        if (left < RESUME_BELOW_PENDING_FRAMES && paused.compareAndSet(true, false)) {
            LOG.info("Polymarket source {}: mailbox drained to {}, reading again", subtask, left);
            syncAutoRead();
        }
    }

    /**
     * Makes the sockets read exactly when not {@code paused}. The Netty thread pauses and the task
     * thread resumes, each right after flipping the flag; without the re-check a pause whose {@code
     * setAutoRead(false)} lands after a concurrent resume's {@code setAutoRead(true)} would leave
     * the sockets unread and the flag clear: nothing would ever resume them (a stall seen under a
     * 200k msg/s firehose). Whoever writes last re-reads the flag, so the last write agrees.
     */
    private void syncAutoRead() {
        for (int i = 0; i < 1000; i++) {
            boolean read = !paused.get();
            client.setAutoRead(read);
            if (read != paused.get()) {
                return;
            }
        }
        LOG.warn("Polymarket source {}: back-pressure flag kept flipping", subtask);
    }

    /** Markets {@code new_market} announced (universe=all): their owned tokens stream at once. */
    private void subscribeAnnounced(List<String> tokens) {
        if (stopped) {
            return;
        }
        List<String> added = new ArrayList<>();
        for (String token : tokens) {
            if (owns(token) && !resolved.contains(token) && !intents.containsKey(token)) {
                // As the catalogue's own intent for it will say; a later intent replaces it.
                intents.put(token, new SubscriptionIntent(token, 0, 1));
                if (subscribed.add(token)) {
                    added.add(token);
                }
            }
        }
        if (!added.isEmpty()) {
            LOG.info("Polymarket source {}: new market, subscribing {}", subtask, added);
            client.subscribe(added);
        }
    }

    /** The token's market settled: its price is final, stop streaming it for good. */
    private void settle(String token) {
        if (resolved.add(token)) {
            LOG.info("Polymarket source {}: token {} settled, unsubscribing", subtask, token);
        }
        if (subscribed.remove(token)) {
            client.unsubscribe(List.of(token));
        }
    }

    /** Runs on Netty threads: never touches {@code output}, only the mailbox. */
    private final class TickHandOff implements MarketChannelListener {

        @Override
        public void onTicks(List<PriceTick> ticks) {
            int pending = pendingFrames.incrementAndGet();
            if (pending > PAUSE_ABOVE_PENDING_FRAMES && paused.compareAndSet(false, true)) {
                LOG.info(
                        "Polymarket source {}: {} frames wait for the task thread, pausing reads",
                        subtask,
                        pending);
                syncAutoRead();
            }
            try {
                mailbox.execute(() -> emit(ticks), "ticks");
            } catch (RejectedExecutionException e) {
                // The task is shutting down; these ticks have nowhere to go.
                pendingFrames.decrementAndGet();
            }
        }

        @Override
        public void onNewMarket(List<String> tokenIds) {
            if (upkeep.newMarkets() && !tokenIds.isEmpty()) {
                try {
                    mailbox.execute(() -> subscribeAnnounced(tokenIds), "new market");
                } catch (RejectedExecutionException e) {
                    // Shutting down: nothing to subscribe any more.
                }
            }
        }

        @Override
        public void onConnectionStateChanged(ConnectionStateChange change) {
            LOG.debug("Polymarket source {}: {}", subtask, change);
        }
    }
}
